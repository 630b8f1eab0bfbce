package io.vpnplane.bgp.rib;

import java.util.List;

/** A baseline route whose attributes tests change one at a time. */
record Routes(LearnedRoute route) {

    static Routes ipsec(String session, String prefix) {
        return new Routes(new LearnedRoute(Ipv4Prefix.of(prefix), session, PathKind.IPSEC, "169.254.10.1",
                LearnedRoute.DEFAULT_LOCAL_PREF, List.of(65001L), Origin.IGP, 0, true, 0x0A000001L));
    }

    static Routes leasedLine(String session, String prefix) {
        return new Routes(new LearnedRoute(Ipv4Prefix.of(prefix), session, PathKind.LEASED_LINE, "10.0.0.2",
                LearnedRoute.DEFAULT_LOCAL_PREF, List.of(65001L), Origin.IGP, 0, true, 0x0A000002L));
    }

    Routes localPref(long v) {
        var r = route;
        return new Routes(new LearnedRoute(r.prefix(), r.sessionId(), r.pathKind(), r.nextHop(), v, r.asPath(), r.origin(), r.med(), r.ebgp(), r.peerRouterId()));
    }

    Routes asPath(Long... asns) {
        var r = route;
        return new Routes(new LearnedRoute(r.prefix(), r.sessionId(), r.pathKind(), r.nextHop(), r.localPref(), List.of(asns), r.origin(), r.med(), r.ebgp(), r.peerRouterId()));
    }

    Routes origin(Origin v) {
        var r = route;
        return new Routes(new LearnedRoute(r.prefix(), r.sessionId(), r.pathKind(), r.nextHop(), r.localPref(), r.asPath(), v, r.med(), r.ebgp(), r.peerRouterId()));
    }

    Routes med(long v) {
        var r = route;
        return new Routes(new LearnedRoute(r.prefix(), r.sessionId(), r.pathKind(), r.nextHop(), r.localPref(), r.asPath(), r.origin(), v, r.ebgp(), r.peerRouterId()));
    }

    Routes ibgp() {
        var r = route;
        return new Routes(new LearnedRoute(r.prefix(), r.sessionId(), r.pathKind(), r.nextHop(), r.localPref(), r.asPath(), r.origin(), r.med(), false, r.peerRouterId()));
    }

    Routes routerId(long v) {
        var r = route;
        return new Routes(new LearnedRoute(r.prefix(), r.sessionId(), r.pathKind(), r.nextHop(), r.localPref(), r.asPath(), r.origin(), r.med(), r.ebgp(), v));
    }
}
