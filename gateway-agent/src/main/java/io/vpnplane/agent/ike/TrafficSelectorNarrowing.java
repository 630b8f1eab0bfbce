package io.vpnplane.agent.ike;

import io.vpnplane.agent.ike.message.TrafficSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Traffic selector narrowing (RFC 7296 §2.9): the intersection of what is proposed and allowed. */
final class TrafficSelectorNarrowing {

    private TrafficSelectorNarrowing() {
    }

    /** Every non-empty intersection of a proposed selector with an allowed one; empty = unacceptable. */
    static List<TrafficSelector> narrow(List<TrafficSelector> proposed, List<TrafficSelector> allowed) {
        List<TrafficSelector> result = new ArrayList<>();
        for (TrafficSelector p : proposed) {
            for (TrafficSelector a : allowed) {
                if (p.tsType() != a.tsType()) {
                    continue;
                }
                if (p.ipProtocol() != 0 && a.ipProtocol() != 0 && p.ipProtocol() != a.ipProtocol()) {
                    continue;
                }
                byte[] start = max(p.startAddress(), a.startAddress());
                byte[] end = min(p.endAddress(), a.endAddress());
                int startPort = Math.max(p.startPort(), a.startPort());
                int endPort = Math.min(p.endPort(), a.endPort());
                if (Arrays.compareUnsigned(start, end) > 0 || startPort > endPort) {
                    continue;
                }
                TrafficSelector narrowed = new TrafficSelector(p.tsType(), Math.max(p.ipProtocol(), a.ipProtocol()),
                        startPort, endPort, start, end);
                if (result.stream().noneMatch(existing -> same(existing, narrowed))) {
                    result.add(narrowed);
                }
            }
        }
        return result;
    }

    /** Whether every selector of {@code inner} lies within some selector of {@code outer}. */
    static boolean within(List<TrafficSelector> inner, List<TrafficSelector> outer) {
        return !inner.isEmpty() && inner.stream().allMatch(i -> narrow(List.of(i), outer).stream()
                .anyMatch(n -> same(n, i)));
    }

    private static boolean same(TrafficSelector a, TrafficSelector b) {
        return a.tsType() == b.tsType() && a.ipProtocol() == b.ipProtocol() && a.startPort() == b.startPort()
                && a.endPort() == b.endPort() && Arrays.equals(a.startAddress(), b.startAddress())
                && Arrays.equals(a.endAddress(), b.endAddress());
    }

    private static byte[] max(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static byte[] min(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) <= 0 ? a : b;
    }
}
