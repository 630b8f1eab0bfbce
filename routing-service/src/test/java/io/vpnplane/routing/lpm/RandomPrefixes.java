package io.vpnplane.routing.lpm;

import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

import io.vpnplane.routing.address.Ipv4Cidr;

/**
 * Random IPv4 prefixes with the length mix of an Internet routing table (mostly /24, a tail of /8–/23
 * and a few longer ones), so tests and benchmarks exercise every trie level the way real tables do.
 */
public final class RandomPrefixes {

    private RandomPrefixes() {
    }

    public static Map<Ipv4Cidr, Integer> generate(int count, RandomGenerator random) {
        Map<Ipv4Cidr, Integer> routes = new HashMap<>(count * 2);
        while (routes.size() < count) {
            int length = length(random);
            int network = random.nextInt() & Ipv4Cidr.mask(length);
            routes.putIfAbsent(new Ipv4Cidr(network, length), routes.size());
        }
        return routes;
    }

    private static int length(RandomGenerator random) {
        int p = random.nextInt(100);
        if (p < 55) {
            return 24;
        }
        if (p < 80) {
            return 20 + random.nextInt(4);
        }
        if (p < 93) {
            return 16 + random.nextInt(4);
        }
        if (p < 97) {
            return 8 + random.nextInt(8);
        }
        return 25 + random.nextInt(8);
    }
}
