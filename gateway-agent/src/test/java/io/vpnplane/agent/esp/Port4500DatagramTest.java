package io.vpnplane.agent.esp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

// RFC 3948 §2: ESP and IKE share port 4500, told apart by the non-ESP marker.
class Port4500DatagramTest {

    @Test
    void classifiesByTheFirstFourBytes() {
        assertThat(Port4500Datagram.classify(new byte[] {(byte) 0xFF}, 0, 1)).isEqualTo(Port4500Datagram.NAT_KEEPALIVE);
        assertThat(Port4500Datagram.classify(new byte[40], 0, 40)).isEqualTo(Port4500Datagram.IKE);
        byte[] esp = new byte[40];
        esp[3] = 1;
        assertThat(Port4500Datagram.classify(esp, 0, 40)).isEqualTo(Port4500Datagram.ESP);
        assertThat(Port4500Datagram.classify(esp, 0, 7)).isEqualTo(Port4500Datagram.MALFORMED);
        assertThat(Port4500Datagram.classify(new byte[] {0}, 0, 1)).isEqualTo(Port4500Datagram.MALFORMED);
    }
}
