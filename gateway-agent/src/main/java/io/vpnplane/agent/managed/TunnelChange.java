package io.vpnplane.agent.managed;

import io.vpnplane.events.agentconfig.TunnelConfigDesired;

/** One step that brings a node's running tunnels to the desired ones; each step touches exactly one tunnel (REQ-MOD-003). */
public sealed interface TunnelChange {

    String tunnelId();

    /** A tunnel this node does not run yet: negotiate it. */
    record Add(TunnelConfigDesired config) implements TunnelChange {
        @Override
        public String tunnelId() {
            return config.tunnelId();
        }
    }

    /** A running tunnel whose configuration has a newer version: renegotiate this tunnel only. */
    record Replace(TunnelConfigDesired config) implements TunnelChange {
        @Override
        public String tunnelId() {
            return config.tunnelId();
        }
    }

    /** A running tunnel no longer desired on this node (tombstone, withdrawal, moved away): DELETE to the peer, tear down. */
    record Remove(String tunnelId) implements TunnelChange {
    }
}
