package io.vpnplane.events.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.vpnplane.events.EventCatalog;
import io.vpnplane.events.Topics;
import org.junit.jupiter.api.Test;

/** The BGP contract the agent, bgp-service and routing-service share: types, topic and wire round trip. */
class BgpEventsTest {

    private static final Instant AT = Instant.parse("2026-11-23T00:00:00Z");

    private final List<Record> samples = List.of(
            new BgpSessionStateObserved("bgp-1", "node-a", BgpFsmState.ESTABLISHED, Optional.of("10.0.0.2"), Optional.empty(), AT),
            new BgpRoutesLearned("bgp-1", "node-a", List.of(
                    new BgpPath("192.168.0.0/24", "169.254.10.1", List.of(65001L), BgpOrigin.IGP, Optional.empty(), Optional.of(20L))), AT),
            new BgpRoutesWithdrawn("bgp-1", "node-a", List.of("192.168.0.0/24"), AT),
            new BgpBestRouteSelected("vgw-1", "192.168.0.0/24", "bgp-1", BgpPathKind.IPSEC, Optional.of("vco-1"), "169.254.10.1",
                    List.of(65001L), AT),
            new BgpBestRouteRemoved("vgw-1", "192.168.0.0/24", AT));

    @Test
    void everyTypeIsOnTheBgpTopicAndRoundTrips() {
        var catalog = EventCatalog.all();
        for (var event : samples) {
            var info = catalog.describe(event);
            assertThat(info.topic()).isEqualTo(Topics.BGP);
            assertThat(catalog.decode(info.ceType(), catalog.encode(event))).contains(event);
        }
    }

    @Test
    void ceTypesAreTheOnesThePublishersUse() {
        assertThat(samples.stream().map(e -> EventCatalog.all().describe(e).ceType())).containsExactly(
                "io.vpnplane.bgp.session-state-observed.v1",
                "io.vpnplane.bgp.routes-learned.v1",
                "io.vpnplane.bgp.routes-withdrawn.v1",
                "io.vpnplane.bgp.best-route-selected.v1",
                "io.vpnplane.bgp.best-route-removed.v1");
    }
}
