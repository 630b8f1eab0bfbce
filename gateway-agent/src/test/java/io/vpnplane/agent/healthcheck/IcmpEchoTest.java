package io.vpnplane.agent.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpnplane.agent.dataplane.InternetChecksum;
import io.vpnplane.agent.dataplane.Ipv4Header;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

// RFC 792 echo, RFC 1071 checksum.
class IcmpEchoTest {

    private static final int SOURCE = Ipv4Header.parseAddress("192.168.100.1");
    private static final int DESTINATION = Ipv4Header.parseAddress("172.16.10.1");

    @Test
    void checksumMatchesTheRfc1071Example() {
        // RFC 1071 §3: the one's-complement sum of 0001 f203 f4f5 f6f7 is ddf2, so the checksum is 220d.
        byte[] data = HexFormat.of().parseHex("0001f203f4f5f6f7");
        assertThat(InternetChecksum.of(data, 0, data.length)).isEqualTo(0x220d);
    }

    @Test
    void requestRoundTripsAndItsReplyKeepsIdentifierAndSequence() {
        byte[] buf = new byte[128];
        int length = IcmpEcho.writeRequest(buf, 4, SOURCE, DESTINATION, 0xBEEF, 513, 32);

        assertThat(length).isEqualTo(60);
        assertThat(IcmpEcho.parse(buf, 4, length)).contains(
                new IcmpEcho.Message(IcmpEcho.TYPE_ECHO_REQUEST, SOURCE, DESTINATION, 0xBEEF, 513));

        IcmpEcho.turnIntoReply(buf, 4);
        assertThat(IcmpEcho.parse(buf, 4, length)).contains(
                new IcmpEcho.Message(IcmpEcho.TYPE_ECHO_REPLY, DESTINATION, SOURCE, 0xBEEF, 513));
    }

    @Test
    void corruptedOrTruncatedPacketsAreNotEchoes() {
        byte[] buf = new byte[64];
        int length = IcmpEcho.writeRequest(buf, 0, SOURCE, DESTINATION, 1, 1, 8);
        for (int i = 0; i < length; i++) {
            byte[] corrupted = buf.clone();
            corrupted[i] ^= 0x01;
            assertThat(IcmpEcho.parse(corrupted, 0, length)).as("byte %d", i).isEmpty();
        }
        for (int cut = 0; cut < length; cut++) {
            assertThat(IcmpEcho.parse(buf, 0, cut)).isEmpty();
        }
    }
}
