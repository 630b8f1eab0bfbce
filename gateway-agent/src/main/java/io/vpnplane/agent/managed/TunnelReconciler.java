package io.vpnplane.agent.managed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.vpnplane.events.agentconfig.TunnelConfigDesired;

/**
 * Computes the changes that turn the running tunnels into the desired ones. Pure: the managed agent feeds it the
 * {@link DesiredTunnels} snapshot and the configurations its engine currently runs, then executes the changes one by
 * one. A tunnel whose desired version equals the running one yields no change, so re-applying the same topic (restart,
 * rebalance) never disturbs a healthy tunnel (REQ-MOD-003, REQ-GW-004). The PSK is sealed with a fresh ephemeral key on
 * every publication, hence the comparison on {@code configVersion} rather than on record equality.
 */
public final class TunnelReconciler {

    private TunnelReconciler() {
    }

    /**
     * @param desired tunnel id → desired configuration (this node's only)
     * @param running tunnel id → configuration the engine runs
     * @return removals first (they free addresses and SPIs), then additions and replacements, each in tunnel-id order
     */
    public static List<TunnelChange> plan(Map<String, TunnelConfigDesired> desired, Map<String, TunnelConfigDesired> running) {
        List<TunnelChange> changes = new ArrayList<>();
        for (String tunnelId : new TreeSet<>(running.keySet())) {
            if (!desired.containsKey(tunnelId)) {
                changes.add(new TunnelChange.Remove(tunnelId));
            }
        }
        for (String tunnelId : new TreeSet<>(desired.keySet())) {
            TunnelConfigDesired wanted = desired.get(tunnelId);
            TunnelConfigDesired current = running.get(tunnelId);
            if (current == null) {
                changes.add(new TunnelChange.Add(wanted));
            } else if (wanted.configVersion() > current.configVersion()) {
                changes.add(new TunnelChange.Replace(wanted));
            }
        }
        return List.copyOf(changes);
    }
}
