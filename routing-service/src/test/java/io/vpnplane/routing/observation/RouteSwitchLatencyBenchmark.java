package io.vpnplane.routing.observation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vpnplane.testkit.ContractEventTail;
import io.vpnplane.api.DevTokens;
import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.Topics;
import io.vpnplane.events.health.HealthCheckStatusChanged;
import io.vpnplane.events.routing.ActiveRouteSwitched;
import io.vpnplane.events.tunnel.TunnelStatusChanged;
import io.vpnplane.events.tunnel.TunnelStatusChanged.NegotiationStatus;
import io.vpnplane.routing.it.ContractEvents;
import io.vpnplane.routing.it.ProjectionWait;
import io.vpnplane.testkit.KafkaAndPostgres;
import jakarta.inject.Inject;

/**
 * Switch pipeline latency (REQ-RT-005 on the real broker and PostgreSQL): a health-check verdict is published on
 * {@code vpn.health}, routing-service consumes it, re-decides, appends {@code ActiveRouteSwitched} to its outbox and the
 * relay publishes it on {@code vpn.routes}. Measured per switch, alternately FAILING (standby takes over) and PASSING
 * (back to the active), one switch in flight at a time:
 * <ul>
 * <li>published → published: the switch record's timestamp minus the health record's (both producer send times, ms);</li>
 * <li>published → seen: from before the health event's send to a consumer in this JVM seeing the switch (ns clock);</li>
 * <li>the published → published time split at the switch's {@code switchedAt} (the decision inside the consumer's
 * transaction): consume + decide, then commit + outbox relay.</li>
 * </ul>
 * A benchmark, not a test: surefire's name patterns skip it and it only runs with {@code -Dvpnplane.bench=route-switch}
 * ({@code bench/route-switch.sh}).
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "vpnplane.bench", matches = "route-switch")
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @ResourceArg(name = "prefix", value = "routing_bench"))
class RouteSwitchLatencyBenchmark {

    private static final int WARM_UP = 200;
    private static final int SWITCHES = Integer.getInteger("switches", 1000);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    private final String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    private final String gateway = "vpn-" + UUID.randomUUID().toString().substring(0, 8);
    private final String active = gateway + "-active";
    private final String standby = gateway + "-standby";

    @Test
    void healthVerdictToPublishedSwitch() throws IOException {
        try (var events = new ContractEvents(); var tail = ContractEventTail.open(Topics.ROUTES)) {
            events.gateway(account, gateway, "vpc-" + gateway);
            events.connection(account, active, gateway, "destination", List.of(), true, active + "-t1");
            events.connection(account, standby, gateway, "destination", List.of(), true, standby + "-t1");
            ProjectionWait.gatewayWithConnections(pool, gateway, 2);
            String token = DevTokens.forAccount(account);
            for (var route : List.of(Map.of("destinationCidr", "10.70.0.0/16", "nextHop", active),
                    Map.<String, Object>of("destinationCidr", "10.70.0.0/16", "nextHop", standby, "weight", 0))) {
                given().auth().oauth2(token).contentType(ContentType.JSON).body(route)
                        .post("/v1/vpn-gateways/" + gateway + "/routes").then().statusCode(201);
            }
            Instant observed = Instant.now();
            for (String connection : List.of(active, standby)) {
                events.publish(account, connection + "-t1", new TunnelStatusChanged(connection + "-t1", connection, Optional.of(gateway),
                        NegotiationStatus.IPSEC_SA_ESTABLISHED, Optional.empty(), observed));
            }

            long[] brokerMillis = new long[SWITCHES];
            long[] seenMicros = new long[SWITCHES];
            long[] decidedMillis = new long[SWITCHES];
            long[] relayedMillis = new long[SWITCHES];
            for (int i = 0; i < WARM_UP + SWITCHES; i++) {
                observed = observed.plusMillis(1);
                var status = i % 2 == 0 ? HealthCheckStatusChanged.Status.FAILING : HealthCheckStatusChanged.Status.PASSING;
                CloudEvent health = ContractEvents.envelope(account, active + "-t1",
                        new HealthCheckStatusChanged(active + "-t1", active, status, "192.168.0.1", observed));
                long start = System.nanoTime();
                Instant sent = events.publishedAt(health);
                String cause = health.id().toString();
                var switched = tail.await(r -> r.data() instanceof ActiveRouteSwitched s
                        && s.causeEventId().equals(Optional.of(cause)), 1, WAIT);
                long seen = System.nanoTime();
                assertThat(switched).as("switch %d caused by %s", i, status).hasSize(1);
                if (i >= WARM_UP) {
                    brokerMillis[i - WARM_UP] = Duration.between(sent, switched.getFirst().publishedAt()).toMillis();
                    seenMicros[i - WARM_UP] = (seen - start) / 1_000;
                    Instant decided = ((ActiveRouteSwitched) switched.getFirst().data()).switchedAt();
                    decidedMillis[i - WARM_UP] = Duration.between(sent, decided).toMillis();
                    relayedMillis[i - WARM_UP] = Duration.between(decided, switched.getFirst().publishedAt()).toMillis();
                }
            }
            Arrays.sort(brokerMillis);
            Arrays.sort(seenMicros);
            Arrays.sort(decidedMillis);
            Arrays.sort(relayedMillis);
            String report = String.format("""
                    route switches measured   %d (after %d warm-up switches)
                    published -> published    p50 %d ms   p99 %d ms   max %d ms   (record timestamps, ms resolution)
                    published -> seen         p50 %.1f ms   p99 %.1f ms   max %.1f ms
                      of which published -> decided   p50 %d ms   p99 %d ms   (consume + decide)
                      of which decided -> published   p50 %d ms   p99 %d ms   (commit + outbox relay)
                    target p99 < 50 ms        %s
                    """, SWITCHES, WARM_UP, percentile(brokerMillis, 50), percentile(brokerMillis, 99), brokerMillis[SWITCHES - 1],
                    percentile(seenMicros, 50) / 1000.0, percentile(seenMicros, 99) / 1000.0, seenMicros[SWITCHES - 1] / 1000.0,
                    percentile(decidedMillis, 50), percentile(decidedMillis, 99),
                    percentile(relayedMillis, 50), percentile(relayedMillis, 99),
                    percentile(brokerMillis, 99) < 50 ? "met" : "NOT met");
            System.out.println(report);
            Files.writeString(Path.of("target", "route-switch-latency.txt"), report);
        }
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
