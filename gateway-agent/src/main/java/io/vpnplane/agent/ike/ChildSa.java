package io.vpnplane.agent.ike;

import io.vpnplane.agent.crypto.ChildSaTransforms;

import io.vpnplane.agent.ike.message.TrafficSelector;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;

/**
 * An established ESP CHILD_SA as the data plane needs it: SPIs (inbound = the SPI the peer puts on
 * packets it sends to us), algorithms, keys, traffic selectors, the UDP endpoints (ESP-in-UDP on the
 * IKE port 4500 when {@code udpEncapsulated}) and lifetimes. Immutable; a rekey produces a new one.
 */
public record ChildSa(String tunnelId, int inboundSpi, int outboundSpi, ChildSaTransforms suite, ChildSaKeys keys,
                      List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                      InetSocketAddress localEndpoint, InetSocketAddress remoteEndpoint, boolean udpEncapsulated,
                      Instant establishedAt, Instant rekeyAt, Instant expiresAt, boolean extendedSequenceNumbers,
                      int replayWindow) {

    public ChildSa {
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
    }

    /** Without ESN, with the default anti-replay window. */
    public ChildSa(String tunnelId, int inboundSpi, int outboundSpi, ChildSaTransforms suite, ChildSaKeys keys,
                   List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                   InetSocketAddress localEndpoint, InetSocketAddress remoteEndpoint, boolean udpEncapsulated,
                   Instant establishedAt, Instant rekeyAt, Instant expiresAt) {
        this(tunnelId, inboundSpi, outboundSpi, suite, keys, localSelectors, remoteSelectors, localEndpoint,
                remoteEndpoint, udpEncapsulated, establishedAt, rekeyAt, expiresAt, false,
                TunnelConfig.IpsecSettings.DEFAULT_REPLAY_WINDOW);
    }

    public static String spiHex(int spi) {
        return String.format("%08x", spi);
    }

    @Override
    public String toString() {
        return "ChildSa[" + tunnelId + " in " + spiHex(inboundSpi) + " out " + spiHex(outboundSpi) + " " + suite.strongSwanProposal()
                + (extendedSequenceNumbers ? " esn" : "") + " " + localSelectors + " === " + remoteSelectors + "]";
    }
}
