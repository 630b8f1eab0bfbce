package io.vpnplane.agent.managed;

import java.util.Set;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.session.SessionConfig;

/**
 * One BGP session bgp-service assigned to this node, translated into what the speaker runs: the session (its id is
 * bgp-service's session id), the prefixes it announces (auto-advertise, REQ-CONN-010) and the owning account (for the
 * observations). A change of {@code config} restarts the session; a change of {@code advertise} only sends the
 * difference to the peer.
 */
public record ManagedBgpSession(String accountId, SessionConfig config, Set<Ipv4Prefix> advertise) {

    public ManagedBgpSession {
        advertise = Set.copyOf(advertise);
    }

    public String id() {
        return config.id();
    }
}
