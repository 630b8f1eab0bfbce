package io.vpnplane.agent.bgp.session;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import java.util.List;

/**
 * What a session reports to the agent (REQ-GW-003: learned and withdrawn prefixes become
 * events). Delivered on the speaker's event-loop thread: listeners must not block.
 */
public sealed interface BgpEvent {

    String sessionId();

    record StateChanged(String sessionId, SessionState from, SessionState to, String reason) implements BgpEvent {
    }

    /** New or replaced routes (an implicit withdrawal of the old path is included). */
    record RoutesLearned(String sessionId, List<LearnedRoute> routes) implements BgpEvent {
        public RoutesLearned {
            routes = List.copyOf(routes);
        }
    }

    /** Routes gone: withdrawn by the peer, or all of them when the session went down (REQ-AS-003). */
    record RoutesWithdrawn(String sessionId, List<Ipv4Prefix> prefixes) implements BgpEvent {
        public RoutesWithdrawn {
            prefixes = List.copyOf(prefixes);
        }
    }

    /** REQ-X-002: prefixes the import policy refused (default route, 100.64.0.0/10 and overlaps). */
    record RoutesRejected(String sessionId, List<Ipv4Prefix> prefixes, String reason) implements BgpEvent {
        public RoutesRejected {
            prefixes = List.copyOf(prefixes);
        }
    }

    /** REQ-X-003: announcements beyond the limit were dropped (the session stays up). */
    record PrefixLimitExceeded(String sessionId, int limit, int droppedNow, long droppedTotal) implements BgpEvent {
    }
}
