package io.vpnplane.bgp.session;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vpnplane.bgp.decision.BestRouteDecider;
import io.vpnplane.bgp.rib.BestRouteChange;
import io.vpnplane.eventsourcing.EventContext;
import io.vpnplane.eventsourcing.EventStore;
import io.vpnplane.eventsourcing.ExpectedVersion;
import io.vpnplane.eventsourcing.StreamId;
import io.vpnplane.events.bgp.BgpPathKind;
import io.vpnplane.events.bgp.BgpSessionConfigured;
import io.vpnplane.events.bgp.BgpSessionRemoved;

/**
 * Defines and removes BGP sessions: each change is a {@link BgpSessionConfigured} or {@link BgpSessionRemoved} on the
 * session's own stream (published on vpn.bgp for the agents) plus the {@code bgp_session} row. Removing a session
 * withdraws everything it learned first (REQ-AS-003), so the best routes move in the same transaction.
 */
@Singleton
public class BgpSessionCommands {

    public static final String CATEGORY = "bgp-session";

    @Inject
    EventStore store;

    @Inject
    BgpSessionReadModel readModel;

    @Inject
    BestRouteDecider decider;

    @Inject
    Clock clock;

    public static StreamId stream(String sessionId) {
        return new StreamId(CATEGORY, sessionId);
    }

    public static BgpSessionConfigured configured(SessionSpec spec, Optional<String> nodeId, List<String> advertised) {
        return new BgpSessionConfigured(spec.sessionId(), spec.accountId(), spec.vpnGatewayId(),
                BgpPathKind.valueOf(spec.kind().name()), spec.localAsn().value(), spec.peerAsn().value(), spec.localAddress(),
                spec.peerAddress(), nodeId, spec.ipsecConnectionId(), spec.tunnelId(), advertised);
    }

    public Uni<Void> configure(SqlConnection tx, BgpSessionConfigured session, String name, EventContext context) {
        return store.append(tx, stream(session.sessionId()), ExpectedVersion.any(), List.of(session), context)
                .chain(() -> readModel.configured(tx, session, name, clock.instant()));
    }

    public Uni<Void> remove(SqlConnection tx, StoredSession session, String reason, EventContext context) {
        String id = session.spec().sessionId();
        return decider.apply(tx, session.spec().vpnGatewayId(), rib -> {
                    List<BestRouteChange> changes = rib.dropSession(id);
                    rib.removeSession(id);
                    return changes;
                }, context)
                .chain(() -> store.append(tx, stream(id), ExpectedVersion.any(),
                        List.of(new BgpSessionRemoved(id, session.spec().vpnGatewayId(), reason)), context))
                .chain(() -> readModel.removed(tx, id));
    }
}
