package io.vpnplane.connection.ipsec;

/** Route propagation between the connection and its transit router (REQ-CONN-010; all on by default). */
public record AdvancedSettings(boolean autoAdvertiseRoutes, boolean autoAssociateDefaultRouteTable,
        boolean autoPropagateToDefaultRouteTable) {

    public static AdvancedSettings defaults() {
        return new AdvancedSettings(true, true, true);
    }
}
