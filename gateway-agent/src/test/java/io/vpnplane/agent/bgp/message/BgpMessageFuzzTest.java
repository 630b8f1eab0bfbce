package io.vpnplane.agent.bgp.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random, truncated and bit-flipped messages: decoding may only succeed or throw
 * {@link BgpDecodeException}; any other exception would kill a session's event loop.
 */
class BgpMessageFuzzTest {

    private static final int ROUNDS = 200_000;

    private static List<byte[]> seeds() {
        PathAttributes attributes = new PathAttributes(Origin.IGP, AsPath.sequence(65530, 4_200_000_001L),
                Ipv4Prefix.parseAddress("10.9.0.2"), OptionalLong.of(5), OptionalLong.of(100), List.of(1, 2));
        Update update = new Update(List.of(Ipv4Prefix.parse("10.0.0.0/8")), Optional.of(attributes),
                List.of(Ipv4Prefix.parse("192.168.0.0/24"), Ipv4Prefix.parse("172.16.0.0/12")));
        return List.of(
                Open.of(65530, 90, 0x0a090002).encode(CodecContext.TWO_OCTET),
                update.encode(CodecContext.TWO_OCTET),
                update.encode(CodecContext.FOUR_OCTET),
                Notification.of(BgpError.HOLD_TIMER_EXPIRED).encode(CodecContext.FOUR_OCTET),
                RouteRefresh.IPV4_UNICAST.encode(CodecContext.FOUR_OCTET),
                Keepalive.INSTANCE.encode(CodecContext.FOUR_OCTET));
    }

    @Test
    void mutatedMessagesNeverThrowAnythingButDecodeErrors() {
        Random random = new Random(8);
        List<byte[]> seeds = seeds();
        int decoded = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] message = seeds.get(random.nextInt(seeds.size())).clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                // Mostly mutate the body, so the header checks do not reject nearly everything.
                int at = random.nextInt(10) == 0 ? random.nextInt(message.length) : 19 + random.nextInt(Math.max(1, message.length - 19));
                if (at < message.length) {
                    message[at] = (byte) random.nextInt(256);
                }
            }
            if (random.nextInt(4) == 0) {
                message = java.util.Arrays.copyOf(message, random.nextInt(message.length + 1));
            }
            CodecContext context = random.nextBoolean() ? CodecContext.TWO_OCTET : CodecContext.FOUR_OCTET;
            try {
                BgpMessage.decode(message, context);
                decoded++;
            } catch (BgpDecodeException expected) {
                assertThat(expected.error()).isNotNull();
            }
        }
        // Sanity: mutation must leave a share decodable, else the test exercises only the header checks.
        assertThat(decoded).isGreaterThan(ROUNDS / 20);
    }

    @Test
    void randomBytesThroughTheFramerNeverThrowAnythingButDecodeErrors() {
        Random random = new Random(9);
        for (int round = 0; round < 20_000; round++) {
            MessageFramer framer = new MessageFramer();
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            for (int i = 0; i < 16 && i < noise.length && random.nextBoolean(); i++) {
                noise[i] = (byte) 0xff;
            }
            framer.feed(noise);
            try {
                Optional<byte[]> next;
                while ((next = framer.next()).isPresent()) {
                    BgpMessage.decode(next.get(), CodecContext.FOUR_OCTET);
                }
            } catch (BgpDecodeException expected) {
                assertThat(expected.error()).isNotNull();
            }
        }
    }
}
