package io.vpnplane.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IkeSaTransforms;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.crypto.PseudoRandomFunction;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SwanctlConnectionTest {

    @Test
    void rendersTheRecipeConnectionWithHexSecret() {
        String conf = SwanctlConnection.builder("t1")
                .addresses("10.9.0.1", "10.9.0.2")
                .presharedKey("ab\\c")
                .ikeProposals(IkeSaTransforms.of(EncryptionAlgorithm.AES_128_CBC, IntegrityAlgorithm.HMAC_SHA1_96,
                        DiffieHellmanGroup.MODP_1024))
                .espProposals(new ChildSaTransforms(EncryptionAlgorithm.AES_128_CBC,
                        Optional.of(IntegrityAlgorithm.HMAC_SHA1_96), Optional.of(DiffieHellmanGroup.MODP_1024)))
                .child("c1", "192.168.100.1/32", "172.16.10.1/32")
                .dpdDelay(Duration.ofSeconds(5))
                .build()
                .toSwanctlConf();

        assertThat(conf).contains("version = 2", "local_addrs = 10.9.0.1", "remote_addrs = 10.9.0.2", "encap = yes",
                "proposals = aes128-sha1-prfsha1-modp1024", "dpd_delay = 5s", "id = 10.9.0.1", "id = 10.9.0.2",
                "local_ts = 192.168.100.1/32", "remote_ts = 172.16.10.1/32", "esp_proposals = aes128-sha1-modp1024",
                "start_action = none", "secret = 0x61625c63");
        assertThat(conf).doesNotContain("rekey_time", "aggressive");
    }

    @Test
    void rendersLifetimesAggressiveModeAndSeveralProposals() {
        String conf = SwanctlConnection.builder("v1")
                .version(1)
                .aggressive(true)
                .addresses("10.9.0.2", "10.9.0.1")
                .ids("right.example", "left.example")
                .presharedKey("k")
                .ikeProposals(IkeSaTransforms.of(EncryptionAlgorithm.TRIPLE_DES_CBC, IntegrityAlgorithm.HMAC_MD5_96,
                        DiffieHellmanGroup.MODP_768),
                        IkeSaTransforms.aead(EncryptionAlgorithm.AES_256_GCM_16, PseudoRandomFunction.HMAC_SHA2_512,
                                DiffieHellmanGroup.CURVE_25519))
                .espProposals(new ChildSaTransforms(EncryptionAlgorithm.AES_256_CBC,
                        Optional.of(IntegrityAlgorithm.HMAC_SHA2_256_128), Optional.empty()))
                .child("net", "172.16.10.0/24", "192.168.100.0/24")
                .startAction(SwanctlConnection.StartAction.TRAP)
                .ikeLifetimes(Duration.ofSeconds(30), Duration.ofSeconds(40))
                .childLifetimes(Duration.ofSeconds(10), Duration.ofSeconds(15))
                .build()
                .toSwanctlConf();

        assertThat(conf).contains("version = 1", "aggressive = yes", "id = right.example",
                "proposals = 3des-md5-prfmd5-modp768,aes256gcm16-prfsha512-curve25519",
                "esp_proposals = aes256-sha256", "start_action = trap", "reauth_time = 30s", "over_time = 10s",
                "rekey_time = 10s", "life_time = 15s", "id-local = right.example", "id-remote = left.example");
    }

    @Test
    void refusesAggressiveModeWithIkev2() {
        assertThatThrownBy(() -> SwanctlConnection.builder("x").aggressive(true).addresses("a", "b").presharedKey("k")
                .ikeProposals(IkeSaTransforms.of(EncryptionAlgorithm.AES_128_CBC, IntegrityAlgorithm.HMAC_SHA1_96,
                        DiffieHellmanGroup.MODP_1024))
                .espProposals(new ChildSaTransforms(EncryptionAlgorithm.AES_128_CBC,
                        Optional.of(IntegrityAlgorithm.HMAC_SHA1_96), Optional.empty()))
                .child("c", "1.1.1.1/32", "2.2.2.2/32").build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
