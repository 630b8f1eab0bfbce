package io.vpnplane.agent.managed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.vpnplane.events.agentconfig.TunnelConfigDesired;

/**
 * Compares what this node should run with what it runs and says, per tunnel, what to do. Pure: no I/O, no clock.
 * Every action names exactly one tunnel, so a change to one tunnel never touches another (REQ-MOD-003, REQ-GW-004);
 * a tunnel whose desired version equals the running one yields nothing.
 */
public final class TunnelReconciler {

    /** What to do with one tunnel. */
    public sealed interface Action {
        String tunnelId();
    }

    /** Not running yet: bring it up. */
    public record Start(TunnelConfigDesired config) implements Action {
        @Override
        public String tunnelId() {
            return config.tunnelId();
        }
    }

    /** Running at another version: tear down this tunnel only and renegotiate with the new configuration. */
    public record Replace(long runningVersion, TunnelConfigDesired config) implements Action {
        @Override
        public String tunnelId() {
            return config.tunnelId();
        }
    }

    /** No longer desired here (tombstone or moved): delete its SAs towards the peer and tear it down. */
    public record Stop(String tunnelId, long runningVersion) implements Action {
    }

    private TunnelReconciler() {
    }

    /**
     * @param desired tunnel id → desired configuration for this node
     * @param running tunnel id → the configuration version it runs
     * @return the actions, stops first (they free capacity and addresses), then in tunnel id order
     */
    public static List<Action> plan(Map<String, TunnelConfigDesired> desired, Map<String, Long> running) {
        List<Action> stops = new ArrayList<>();
        List<Action> others = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>(desired.keySet());
        ids.addAll(running.keySet());
        for (String id : ids) {
            TunnelConfigDesired want = desired.get(id);
            Long have = running.get(id);
            if (want == null) {
                stops.add(new Stop(id, have));
            } else if (have == null) {
                others.add(new Start(want));
            } else if (have != want.configVersion()) {
                others.add(new Replace(have, want));
            }
        }
        stops.addAll(others);
        return List.copyOf(stops);
    }
}
