package io.vpnplane.agent.managed;

import java.util.Set;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;

/** Runs a managed node's BGP sessions; each call touches one session. Called from one thread (the follower's). */
public interface BgpSessionRunner {

    /** Adds the session and starts it, announcing {@link ManagedBgpSession#advertise()} once Established. */
    void start(ManagedBgpSession session);

    /** Closes the session (Cease to the peer); everything it learned is withdrawn (REQ-AS-003). */
    void stop(String sessionId);

    /** Replaces what the session announces; an Established session sends only the difference. */
    void advertise(String sessionId, Set<Ipv4Prefix> prefixes);
}
