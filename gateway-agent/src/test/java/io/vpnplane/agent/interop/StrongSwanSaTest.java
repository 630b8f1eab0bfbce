package io.vpnplane.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StrongSwanSaTest {

    // Captured from charon 5.9.8 (`swanctl --list-sas --raw`) running the interop recipe.
    private static final String LIST_SAS = "list-sa event {t1 {uniqueid=1 version=2 state=ESTABLISHED "
            + "local-host=10.9.0.1 local-port=4500 local-id=10.9.0.1 remote-host=10.9.0.2 remote-port=4500 "
            + "remote-id=10.9.0.2 initiator=yes initiator-spi=1310f09e2957f373 responder-spi=bcc7946684d159db "
            + "nat-remote=yes nat-any=yes encr-alg=AES_CBC encr-keysize=128 integ-alg=HMAC_SHA1_96 "
            + "prf-alg=PRF_HMAC_SHA1 dh-group=MODP_1024 established=0 rekey-time=14052 child-sas {c1-1 {name=c1 "
            + "uniqueid=1 reqid=1 state=INSTALLED mode=TUNNEL protocol=ESP encap=yes spi-in=26143bac "
            + "spi-out=4b405fdf encr-alg=AES_CBC encr-keysize=128 integ-alg=HMAC_SHA1_96 bytes-in=84 packets-in=1 "
            + "use-in=0 bytes-out=84 packets-out=1 use-out=0 rekey-time=3510 life-time=3960 install-time=0 "
            + "local-ts=[192.168.100.1/32] remote-ts=[172.16.10.1/32 172.16.11.0/24]}}}}\n"
            + "list-sas reply {}\n";

    @Test
    void parsesIkeAndChildSas() {
        List<StrongSwanSa.IkeSa> sas = StrongSwanSa.parseListSas(LIST_SAS);

        assertThat(sas).hasSize(1);
        StrongSwanSa.IkeSa sa = sas.getFirst();
        assertThat(sa.connection()).isEqualTo("t1");
        assertThat(sa.established()).isTrue();
        assertThat(sa.initiator()).isTrue();
        assertThat(sa.initiatorSpi()).isEqualTo("1310f09e2957f373");
        assertThat(sa.dhGroup()).contains("MODP_1024");
        StrongSwanSa.ChildSa child = sa.child("c1").orElseThrow();
        assertThat(child.installed()).isTrue();
        assertThat(child.encapsulated()).isTrue();
        assertThat(child.spiIn()).isEqualTo("26143bac");
        assertThat(child.packetsOut()).isEqualTo(1);
        assertThat(child.localTrafficSelectors()).containsExactly("192.168.100.1/32");
        assertThat(child.remoteTrafficSelectors()).containsExactly("172.16.10.1/32", "172.16.11.0/24");
    }

    @Test
    void parsesNoSasWhenNothingIsEstablished() {
        assertThat(StrongSwanSa.parseListSas("list-sas reply {}\n")).isEmpty();
    }
}
