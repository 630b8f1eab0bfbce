package io.vpnplane.tunnel.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.vpnplane.events.agentconfig.SealedSecret;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;
import io.vpnplane.events.agentstatus.ChildSaEstablished;
import io.vpnplane.events.agentstatus.ChildSaFailed;
import io.vpnplane.events.agentstatus.DpdPeerDead;
import io.vpnplane.events.agentstatus.HealthCheckFailed;
import io.vpnplane.events.agentstatus.HealthCheckRecovered;
import io.vpnplane.events.agentstatus.IkeSaEstablished;
import io.vpnplane.events.agentstatus.IkeSaFailed;
import io.vpnplane.events.agentstatus.TunnelConfigApplied;
import io.vpnplane.events.agentstatus.TunnelTornDown;
import io.vpnplane.events.health.HealthCheckStatusChanged;
import io.vpnplane.events.tunnel.TunnelConfigConfirmed;
import io.vpnplane.events.tunnel.TunnelDeleted;
import io.vpnplane.events.tunnel.TunnelDeletionStarted;
import io.vpnplane.events.tunnel.TunnelPlaced;
import io.vpnplane.events.tunnel.TunnelPlacementPending;
import io.vpnplane.events.tunnel.TunnelStatusChanged;
import io.vpnplane.events.tunnel.TunnelStatusChanged.NegotiationStatus;

class TunnelTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Optional<String> NO_GW = Optional.empty();

    private static Tunnel fold(Record... events) {
        Tunnel t = Tunnel.FOLD.initial();
        for (Record e : events) {
            t = Tunnel.FOLD.evolve(t, e);
        }
        return t;
    }

    private static TunnelConfigDesired config(long version, String node) {
        return new TunnelConfigDesired("t1", "c1", "acct", version, node, "zone-a", "203.0.113.1", "192.0.2.1", "start",
                new TunnelConfigDesired.Ike("ikev2", "main", "aes", "sha1", "group2", 86400, "203.0.113.1", "192.0.2.1"),
                new TunnelConfigDesired.Ipsec("aes", "sha1", "group2", 86400), new TunnelConfigDesired.Dpd(true, "restart", 10, 130), true,
                new TunnelConfigDesired.TrafficSelectors(List.of("0.0.0.0/0"), List.of("0.0.0.0/0")), Optional.empty(),
                new TunnelConfigDesired.HealthCheck(false, Optional.empty(), Optional.empty(), 3, 3, true),
                new SealedSecret(SealedSecret.SUITE, "k", "e", "c"));
    }

    private static Tunnel placedOnA1() {
        return fold(new TunnelPlaced("t1", "c1", "a1", "zone-a", "203.0.113.1", "connection created"), config(1, "a1"));
    }

    @Test
    void stateIsUpdatingUntilTheNodeConfirmsTheLatestVersionThenActive() {
        // REQ-TUN-012
        Tunnel placed = placedOnA1();
        assertThat(placed.state()).isEqualTo("updating");
        assertThat(fold(new TunnelPlacementPending("t1", "c1", "no healthy gateway node")).state()).isEqualTo("updating");

        List<Record> confirmed = placed.observe(new TunnelConfigApplied("t1", "a1", 1, T0), NO_GW);
        assertThat(confirmed).containsExactly(new TunnelConfigConfirmed("t1", "c1", "a1", 1));
        Tunnel active = placed.apply(confirmed.getFirst());
        assertThat(active.state()).isEqualTo("active");
        assertThat(active.apply(config(2, "a1")).state()).isEqualTo("updating");
        assertThat(active.apply(new TunnelDeletionStarted("t1", "c1")).state()).isEqualTo("deleting");
    }

    @Test
    void anOldVersionAppliedDoesNotConfirmANewerOne() {
        Tunnel t = placedOnA1().apply(config(2, "a1"));
        assertThat(t.observe(new TunnelConfigApplied("t1", "a1", 1, T0), NO_GW)).isEmpty();
    }

    @Test
    void negotiationObservationsBecomeStatusChangesWithTheTextOfReqTun012() {
        // REQ-GW-002, REQ-TUN-012, REQ-TUN-003 (a failure shows its reason)
        Tunnel t = placedOnA1();
        List<Record> ike = t.observe(new IkeSaEstablished("t1", "a1", T0), Optional.of("vpn-gw-1"));
        assertThat(ike).containsExactly(new TunnelStatusChanged("t1", "c1", Optional.of("vpn-gw-1"), NegotiationStatus.IKE_SA_ESTABLISHED,
                Optional.empty(), T0));
        t = t.apply(ike.getFirst());
        assertThat(t.negotiationText()).isEqualTo("phase 1 negotiation succeeded");

        t = t.apply(t.observe(new ChildSaEstablished("t1", "a1", T0.plusSeconds(1)), NO_GW).getFirst());
        assertThat(t.negotiationText()).isEqualTo("phase 2 negotiation succeeded");
        assertThat(t.observe(new IkeSaEstablished("t1", "a1", T0.plusSeconds(2)), NO_GW)).as("an IKE rekey is no step back").isEmpty();
        assertThat(t.observe(new ChildSaEstablished("t1", "a1", T0.plusSeconds(2)), NO_GW)).as("no change, no event").isEmpty();

        List<Record> failed = t.observe(new ChildSaFailed("t1", "a1", "TS_UNACCEPTABLE", T0.plusSeconds(3)), NO_GW);
        t = t.apply(failed.getFirst());
        assertThat(t.negotiation()).isEqualTo(NegotiationStatus.IPSEC_SA_NOT_ESTABLISHED);
        assertThat(t.negotiationText()).isEqualTo("TS_UNACCEPTABLE");

        t = t.apply(t.observe(new IkeSaFailed("t1", "a1", "AUTHENTICATION_FAILED", T0.plusSeconds(4)), NO_GW).getFirst());
        assertThat(t.negotiationText()).isEqualTo("AUTHENTICATION_FAILED");
    }

    @Test
    void dpdDeathTakesTheTunnelDown() {
        // REQ-TUN-006
        Tunnel up = placedOnA1().apply(new TunnelStatusChanged("t1", "c1", NO_GW, NegotiationStatus.IPSEC_SA_ESTABLISHED, Optional.empty(), T0));
        assertThat(up.observe(new DpdPeerDead("t1", "a1", T0.plusSeconds(130)), NO_GW)).singleElement()
                .isInstanceOfSatisfying(TunnelStatusChanged.class, s -> {
                    assertThat(s.status()).isEqualTo(NegotiationStatus.IKE_SA_NOT_ESTABLISHED);
                    assertThat(s.failureReason()).contains(Tunnel.DPD_TIMEOUT);
                });
    }

    @Test
    void healthCheckTransitionsArePublishedOnce() {
        // REQ-TUN-011
        Tunnel t = placedOnA1();
        List<Record> failing = t.observe(new HealthCheckFailed("t1", "a1", "10.0.0.1", true, T0), NO_GW);
        assertThat(failing).containsExactly(new HealthCheckStatusChanged("t1", "c1", HealthCheckStatusChanged.Status.FAILING, "10.0.0.1", T0));
        t = t.apply(failing.getFirst());
        assertThat(t.observe(new HealthCheckFailed("t1", "a1", "10.0.0.1", true, T0.plusSeconds(3)), NO_GW)).isEmpty();
        assertThat(t.observe(new HealthCheckRecovered("t1", "a1", "10.0.0.1", true, T0.plusSeconds(6)), NO_GW))
                .containsExactly(new HealthCheckStatusChanged("t1", "c1", HealthCheckStatusChanged.Status.PASSING, "10.0.0.1", T0.plusSeconds(6)));
    }

    @Test
    void observationsFromAnotherNodeOrOlderThanTheLastAreIgnored() {
        Tunnel t = placedOnA1();
        assertThat(t.observe(new ChildSaEstablished("t1", "a2", T0), NO_GW)).isEmpty();
        t = t.apply(t.observe(new ChildSaEstablished("t1", "a1", T0), NO_GW).getFirst());
        assertThat(t.observe(new ChildSaFailed("t1", "a1", "late", T0.minusSeconds(1)), NO_GW)).isEmpty();
        assertThat(fold(new TunnelPlacementPending("t1", "c1", "x")).observe(new IkeSaEstablished("t1", "a1", T0), NO_GW)).isEmpty();
    }

    @Test
    void aMoveStartsAFreshObservationHistoryOnTheNewNode() {
        Tunnel t = placedOnA1().apply(new TunnelStatusChanged("t1", "c1", NO_GW, NegotiationStatus.IKE_SA_NOT_ESTABLISHED,
                Optional.of("gateway node a1 down"), T0.plusSeconds(60)));
        t = t.apply(new TunnelPlaced("t1", "c1", "a2", "zone-a", "203.0.113.1", "gateway node a1 down"));
        // the new node's clock may lag the service's: its first observation still counts
        assertThat(t.observe(new ChildSaEstablished("t1", "a2", T0.plusSeconds(59)), NO_GW)).hasSize(1);
    }

    @Test
    void aDeletingTunnelIsGoneWhenItsNodeToreItDown() {
        Tunnel deleting = placedOnA1().apply(new TunnelDeletionStarted("t1", "c1"));
        assertThat(placedOnA1().observe(new TunnelTornDown("t1", "a1", T0), NO_GW)).isEmpty();
        assertThat(deleting.observe(new TunnelTornDown("t1", "a1", T0), NO_GW)).containsExactly(new TunnelDeleted("t1", "c1"));
    }

    @Test
    void losingTheNodeIsADownStatusWithTheReason() {
        Tunnel up = placedOnA1().apply(new TunnelStatusChanged("t1", "c1", NO_GW, NegotiationStatus.IPSEC_SA_ESTABLISHED, Optional.empty(), T0));
        assertThat(up.nodeLost("gateway node a1 down", T0.plusSeconds(20), NO_GW)).containsExactly(new TunnelStatusChanged("t1", "c1",
                NO_GW, NegotiationStatus.IKE_SA_NOT_ESTABLISHED, Optional.of("gateway node a1 down"), T0.plusSeconds(20)));
    }
}
