package io.vpnplane.agent.bgp;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where the speaker accepts BGP connections: typically 0.0.0.0:179, or one inner address per
 * tunnel. An empty list makes an active-only speaker.
 */
public record SpeakerConfig(List<InetSocketAddress> listenAddresses) {

    public SpeakerConfig {
        listenAddresses = List.copyOf(listenAddresses);
    }

    public static SpeakerConfig listeningOn(InetSocketAddress... addresses) {
        return new SpeakerConfig(List.of(addresses));
    }

    public static SpeakerConfig activeOnly() {
        return new SpeakerConfig(List.of());
    }
}
