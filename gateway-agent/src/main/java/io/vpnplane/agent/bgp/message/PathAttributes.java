package io.vpnplane.agent.bgp.message;

import java.util.List;
import java.util.OptionalLong;

/**
 * The path attributes of the routes in one UPDATE, after validation: the well-known mandatory
 * ones are always present here (an UPDATE lacking them is treated as a withdrawal, RFC 7606).
 *
 * @param nextHop IPv4 next hop as an int
 * @param communities RFC 1997 communities, each a 32-bit value (high half AS, low half value)
 */
public record PathAttributes(Origin origin, AsPath asPath, int nextHop, OptionalLong med, OptionalLong localPref,
                             List<Integer> communities) {

    public PathAttributes {
        communities = List.copyOf(communities);
    }

    public static PathAttributes of(Origin origin, AsPath asPath, int nextHop) {
        return new PathAttributes(origin, asPath, nextHop, OptionalLong.empty(), OptionalLong.empty(), List.of());
    }

    public PathAttributes withMed(long value) {
        return new PathAttributes(origin, asPath, nextHop, OptionalLong.of(value), localPref, communities);
    }

    public PathAttributes withLocalPref(long value) {
        return new PathAttributes(origin, asPath, nextHop, med, OptionalLong.of(value), communities);
    }

    public PathAttributes withCommunities(List<Integer> values) {
        return new PathAttributes(origin, asPath, nextHop, med, localPref, values);
    }

    public static String formatCommunity(int community) {
        return (community >>> 16) + ":" + (community & 0xffff);
    }
}
