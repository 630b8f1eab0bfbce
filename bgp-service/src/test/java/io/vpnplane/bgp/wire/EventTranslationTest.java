package io.vpnplane.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.vpnplane.bgp.rib.BestRouteChange;
import io.vpnplane.bgp.rib.Ipv4Prefix;
import io.vpnplane.bgp.rib.LearnedRoute;
import io.vpnplane.bgp.rib.Origin;
import io.vpnplane.bgp.rib.PathKind;
import io.vpnplane.bgp.session.Asn;
import io.vpnplane.bgp.session.SessionSpec;
import io.vpnplane.events.bgp.BgpBestRouteRemoved;
import io.vpnplane.events.bgp.BgpBestRouteSelected;
import io.vpnplane.events.bgp.BgpOrigin;
import io.vpnplane.events.bgp.BgpPath;
import io.vpnplane.events.bgp.BgpPathKind;
import org.junit.jupiter.api.Test;

class EventTranslationTest {

    private static final Instant AT = Instant.parse("2026-11-23T00:00:00Z");
    private final EventTranslation translation = new EventTranslation();
    private final SessionSpec ipsec = new SessionSpec("bgp-tun-1", "acct-1", "vgw-1", PathKind.IPSEC, new Asn(45104), new Asn(65530),
            "169.254.10.1", "169.254.10.2", Optional.of("vco-1"), Optional.of("tun-1"));

    @Test
    void absentAttributesTakeTheirRfcDefaultsAndPeerAsnDecidesEbgp() {
        var path = new BgpPath("192.168.0.0/24", "169.254.10.2", List.of(65530L), BgpOrigin.EGP, Optional.empty(), Optional.empty());
        assertThat(translation.learned(ipsec, 7, path)).contains(new LearnedRoute(Ipv4Prefix.of("192.168.0.0/24"), "bgp-tun-1",
                PathKind.IPSEC, "169.254.10.2", 100, List.of(65530L), Origin.EGP, 0, true, 7));
    }

    @Test
    void nonCanonicalPrefixIsDropped() {
        var path = new BgpPath("192.168.0.1/24", "169.254.10.2", List.of(), BgpOrigin.IGP, Optional.of(200L), Optional.of(5L));
        assertThat(translation.learned(ipsec, 7, path)).isEmpty();
    }

    @Test
    void routerIdIsUnsigned() {
        assertThat(EventTranslation.routerId("192.168.0.1")).contains(0xC0A80001L);
        assertThat(EventTranslation.routerId("192.168.0")).isEmpty();
    }

    @Test
    void bestRouteChangesBecomeContractEventsWithTheIpsecConnectionAsNextHop() {
        var best = translation.learned(ipsec, 7,
                new BgpPath("192.168.0.0/24", "169.254.10.2", List.of(65530L), BgpOrigin.IGP, Optional.empty(), Optional.empty())).orElseThrow();
        assertThat(translation.event("vgw-1", new BestRouteChange.Selected(best.prefix(), best), Optional.of(ipsec), AT))
                .isEqualTo(new BgpBestRouteSelected("vgw-1", "192.168.0.0/24", "bgp-tun-1", BgpPathKind.IPSEC, Optional.of("vco-1"),
                        "169.254.10.2", List.of(65530L), AT));
        assertThat(translation.event("vgw-1", new BestRouteChange.Removed(best.prefix()), Optional.empty(), AT))
                .isEqualTo(new BgpBestRouteRemoved("vgw-1", "192.168.0.0/24", AT));
    }
}
