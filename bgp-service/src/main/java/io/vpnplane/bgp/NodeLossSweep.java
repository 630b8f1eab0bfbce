package io.vpnplane.bgp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vpnplane.bgp.decision.BestRouteDecider;
import io.vpnplane.bgp.session.BgpSessionReadModel;
import io.vpnplane.eventsourcing.EventContext;
import io.vpnplane.events.bgp.BgpFsmState;

/**
 * A node that stops sending heartbeats (killed, powered off, cut off) cannot report its BGP sessions going down, so
 * bgp-service would keep them ESTABLISHED and their routes best for ever. Once a node has been silent for the grace
 * period, every session it last reported as not IDLE is taken as IDLE ("node lost") and withdraws what it learned
 * (REQ-AS-003): the best paths move to the other sessions, e.g. from a dead node's leased line to IPsec. The node's
 * agent, once back, reports its sessions afresh and they count again.
 */
@ApplicationScoped
public class NodeLossSweep {

    private static final Logger LOG = Logger.getLogger(NodeLossSweep.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    BgpSessionReadModel sessions;

    @Inject
    BestRouteDecider decider;

    @Inject
    Clock clock;

    @ConfigProperty(name = "vpnplane.bgp.node-grace-period", defaultValue = "PT15S")
    Duration grace;

    @Scheduled(every = "${vpnplane.bgp.node-sweep-interval:1s}", delayed = "${vpnplane.bgp.node-sweep-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        Instant now = clock.instant();
        List<BgpSessionReadModel.Orphaned> orphaned = pool.withConnection(c -> sessions.orphaned(c, now.minus(grace)))
                .await().atMost(TIMEOUT);
        for (BgpSessionReadModel.Orphaned session : orphaned) {
            String reason = "node " + session.nodeId() + " lost: no heartbeat since " + session.lastHeartbeatAt();
            pool.withTransaction(tx -> decider.sessionState(tx, session.vpnGatewayId(), session.sessionId(), session.nodeId(),
                    BgpFsmState.IDLE, Optional.empty(), Optional.of(reason), now, EventContext.platform())).await().atMost(TIMEOUT);
            LOG.warnf("BGP session %s taken down: %s", session.sessionId(), reason);
        }
    }
}
