package io.vpnplane.agent.ike;

import io.vpnplane.agent.ike.message.NotifyPayload;
import io.vpnplane.agent.ike.message.NotifyType;
import io.vpnplane.agent.ike.message.Payload;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/** NAT_DETECTION_SOURCE_IP / _DESTINATION_IP (RFC 7296 §2.23): SHA-1(SPIi | SPIr | IP | port). */
final class NatDetection {

    private NatDetection() {
    }

    static byte[] hash(long spiI, long spiR, InetSocketAddress endpoint) {
        byte[] address = endpoint.getAddress().getAddress();
        ByteBuffer buffer = ByteBuffer.allocate(16 + address.length + 2).putLong(spiI).putLong(spiR).put(address)
                .putShort((short) endpoint.getPort());
        try {
            return MessageDigest.getInstance("SHA-1").digest(buffer.array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-1", e);
        }
    }

    /**
     * Our two notifies. With {@code fakeSource} the source hash is random, which makes the peer see a
     * NAT and both sides move to UDP 4500 with ESP-in-UDP, as strongSwan's {@code encap = yes} does;
     * the agent needs that because this kernel cannot do plain ESP.
     */
    static List<Payload> notifies(long spiI, long spiR, InetSocketAddress local, InetSocketAddress remote,
                                  boolean fakeSource, SecureRandom random) {
        byte[] source = hash(spiI, spiR, local);
        if (fakeSource) {
            random.nextBytes(source);
        }
        return List.of(NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, source),
                NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP, hash(spiI, spiR, remote)));
    }

    /**
     * Whether the peer's notifies reveal a NAT between us (or a peer that forces encapsulation).
     * False when the peer sent none: then it does not do NAT-T.
     */
    static boolean natDetected(List<Payload> received, long spiI, long spiR, InetSocketAddress local,
                               InetSocketAddress remote) {
        List<NotifyPayload> sources = received.stream().filter(p -> p instanceof NotifyPayload n
                && n.is(NotifyType.NAT_DETECTION_SOURCE_IP)).map(NotifyPayload.class::cast).toList();
        List<NotifyPayload> destinations = received.stream().filter(p -> p instanceof NotifyPayload n
                && n.is(NotifyType.NAT_DETECTION_DESTINATION_IP)).map(NotifyPayload.class::cast).toList();
        if (sources.isEmpty() || destinations.isEmpty()) {
            return false;
        }
        byte[] expectedSource = hash(spiI, spiR, remote);
        byte[] expectedDestination = hash(spiI, spiR, local);
        boolean peerBehindNat = sources.stream().noneMatch(n -> Arrays.equals(n.data(), expectedSource));
        boolean usBehindNat = destinations.stream().noneMatch(n -> Arrays.equals(n.data(), expectedDestination));
        return peerBehindNat || usBehindNat;
    }

    static boolean peerSupportsNatT(List<Payload> received) {
        return received.stream().anyMatch(p -> p instanceof NotifyPayload n && n.is(NotifyType.NAT_DETECTION_SOURCE_IP));
    }
}
