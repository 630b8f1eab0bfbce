package io.vpnplane.tunnel.placement;

/** The outcome of placing one tunnel. */
public sealed interface Placement {

    /** The tunnel runs on {@code nodeId} with {@code gatewayIp}. */
    record Placed(String nodeId, String zone, String gatewayIp) implements Placement {
    }

    /** No node fits; {@code reason} is shown to the user while the tunnel waits. */
    record Pending(String reason) implements Placement {
    }
}
