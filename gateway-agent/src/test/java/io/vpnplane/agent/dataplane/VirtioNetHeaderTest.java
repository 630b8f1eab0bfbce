package io.vpnplane.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

// Virtio 1.2 §5.1.6 struct virtio_net_hdr (legacy, little-endian), as the TUN driver reads and writes it.
class VirtioNetHeaderTest {

    @Test
    void layoutIsFlagsTypeThenFourLittleEndianShorts() {
        VirtioNetHeader header = new VirtioNetHeader(VirtioNetHeader.NEEDS_CHECKSUM,
                VirtioNetHeader.GSO_TCPV4 | VirtioNetHeader.GSO_ECN, 66, 1348, 20, 16);
        byte[] bytes = new byte[12];
        header.write(bytes, 1);

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00" + "01" + "81" + "4200" + "4405" + "1400" + "1000" + "00");
        assertThat(VirtioNetHeader.read(bytes, 1)).isEqualTo(header);
        assertThat(header.segmentation()).isEqualTo(VirtioNetHeader.GSO_TCPV4);
        assertThat(header.needsChecksum()).isTrue();
    }

    @Test
    void largestValuesSurviveUnsigned() {
        VirtioNetHeader header = new VirtioNetHeader(0xFF, 0xFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF);
        byte[] bytes = new byte[VirtioNetHeader.LENGTH];
        header.write(bytes, 0);
        assertThat(VirtioNetHeader.read(bytes, 0)).isEqualTo(header);
    }

    @Test
    void plainHeaderIsAllZero() {
        byte[] bytes = HexFormat.of().parseHex("ffffffffffffffffffff");
        VirtioNetHeader.NONE.write(bytes, 0);
        assertThat(bytes).containsOnly(0);
        assertThat(VirtioNetHeader.NONE.needsChecksum()).isFalse();
    }
}
