package io.vpnplane.agent.managed;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.session.SessionConfig;
import io.vpnplane.events.bgp.BgpPathKind;
import io.vpnplane.events.bgp.BgpSessionConfigured;

/**
 * {@code BgpSessionConfigured} → the session the speaker runs. The event carries no timers, so managed sessions use
 * hold 90 s / keepalive 30 s (RFC 4271's suggestions) and a connect retry of 10 s instead of 120 s: an IPsec session
 * should come up within seconds of its tunnel (until then even its local address is missing). The session's local
 * address is its BGP identifier (unique per session, never the peer's). The prefix limit is REQ-X-003's: 50 for an
 * IPsec session, 110 for a leased line.
 */
public final class DesiredBgpSessionTranslation {

    static final Duration HOLD_TIME = Duration.ofSeconds(90);
    static final Duration CONNECT_RETRY = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(DesiredBgpSessionTranslation.class.getName());

    private DesiredBgpSessionTranslation() {
    }

    /** @throws IllegalArgumentException when the session cannot run (an address is not IPv4, an ASN out of range) */
    public static ManagedBgpSession translate(BgpSessionConfigured configured) {
        var local = Ipv4Prefix.toInet(Ipv4Prefix.parseAddress(configured.localAddress()));
        var peer = Ipv4Prefix.toInet(Ipv4Prefix.parseAddress(configured.peerAddress()));
        SessionConfig config = SessionConfig.builder(configured.sessionId(), configured.localAsn(), configured.peerAsn(), local, peer)
                .localAddress(local)
                .holdTime(HOLD_TIME)
                .connectRetryTime(CONNECT_RETRY)
                .maxPrefixes(configured.pathKind() == BgpPathKind.LEASED_LINE
                        ? SessionConfig.LEASED_LINE_MAX_PREFIXES : SessionConfig.VPN_GATEWAY_MAX_PREFIXES)
                .build();
        return new ManagedBgpSession(configured.accountId(), config, advertised(configured));
    }

    /** bgp-service sends canonical prefixes; anything else is left out (logged) rather than announced masked. */
    private static Set<Ipv4Prefix> advertised(BgpSessionConfigured configured) {
        Set<Ipv4Prefix> prefixes = new TreeSet<>();
        for (String text : configured.advertisedPrefixes()) {
            try {
                Ipv4Prefix prefix = Ipv4Prefix.parse(text);
                if (prefix.toString().equals(text)) {
                    prefixes.add(prefix);
                    continue;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            LOG.warning("BGP session " + configured.sessionId() + ": not a canonical IPv4 prefix, not advertised: " + text);
        }
        return prefixes;
    }
}
