package io.vpnplane.agent.ikev1;

import io.vpnplane.agent.ike.Cidr;
import java.util.List;

/**
 * The client IDs of one quick mode: IKEv1 carries one local and one remote prefix per IPsec SA, so a
 * policy tunnel with several CIDRs gets one SA per combination, as strongSwan does (REQ-CONN-005).
 */
record SelectorPair(Cidr local, Cidr remote) {

    static List<SelectorPair> all(List<Cidr> locals, List<Cidr> remotes) {
        return locals.stream().flatMap(l -> remotes.stream().map(r -> new SelectorPair(l, r))).toList();
    }

    /** Whether {@code narrower} lies inside this pair on both sides. */
    boolean contains(SelectorPair narrower) {
        return contains(local, narrower.local) && contains(remote, narrower.remote);
    }

    private static boolean contains(Cidr outer, Cidr inner) {
        if (inner.prefixLength() < outer.prefixLength()) {
            return false;
        }
        long mask = outer.prefixLength() == 0 ? 0 : (0xffffffffL << (32 - outer.prefixLength())) & 0xffffffffL;
        return (java.nio.ByteBuffer.wrap(outer.network()).getInt() & mask)
                == (java.nio.ByteBuffer.wrap(inner.network()).getInt() & mask);
    }
}
