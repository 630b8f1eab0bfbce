package io.vpnplane.agent.bgp;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;

/**
 * Where the speaker accepts BGP connections: typically 0.0.0.0:179, or one inner address per
 * tunnel. An empty list makes an active-only speaker.
 *
 * @param listenAddresses bound at start; the speaker fails to start if one cannot be bound
 * @param sessionListenPort when present, the speaker also accepts on each session's local
 *                          address at this port, for as long as a session uses that address. The
 *                          address may not exist yet (the inside address of a tunnel that is
 *                          still coming up): binding is retried with the session's connect-retry
 *                          timer instead of failing
 */
public record SpeakerConfig(List<InetSocketAddress> listenAddresses, OptionalInt sessionListenPort) {

    public SpeakerConfig {
        listenAddresses = List.copyOf(listenAddresses);
        if (sessionListenPort.isPresent() && (sessionListenPort.getAsInt() < 1 || sessionListenPort.getAsInt() > 65535)) {
            throw new IllegalArgumentException("session listen port out of range: " + sessionListenPort.getAsInt());
        }
    }

    public SpeakerConfig(List<InetSocketAddress> listenAddresses) {
        this(listenAddresses, OptionalInt.empty());
    }

    public static SpeakerConfig listeningOn(InetSocketAddress... addresses) {
        return new SpeakerConfig(List.of(addresses));
    }

    public static SpeakerConfig activeOnly() {
        return new SpeakerConfig(List.of());
    }

    /** Accepts on every session's local address at {@code port}, nowhere else (a managed node). */
    public static SpeakerConfig onSessionAddresses(int port) {
        return new SpeakerConfig(List.of(), OptionalInt.of(port));
    }
}
