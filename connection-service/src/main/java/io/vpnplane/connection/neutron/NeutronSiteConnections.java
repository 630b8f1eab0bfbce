package io.vpnplane.connection.neutron;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.connection.placement.TunnelPlacement;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.tunnel.TunnelStatusChanged;

/** A single-tunnel IPsec connection in Neutron's ipsec_site_connection attributes. */
final class NeutronSiteConnections {

    private static final String IPSEC_SA_UP = TunnelStatusChanged.NegotiationStatus.IPSEC_SA_ESTABLISHED.name();

    private NeutronSiteConnections() {
    }

    /**
     * REQ-B-008: ACTIVE exactly when the tunnel's IPsec SA is up; DOWN once the tunnel is placed or has reported
     * any other status; PENDING_CREATE before.
     */
    static String status(Optional<TunnelPlacement> placement) {
        if (placement.isEmpty()) {
            return "PENDING_CREATE";
        }
        TunnelPlacement p = placement.get();
        if (p.negotiationStatus().filter(IPSEC_SA_UP::equals).isPresent()) {
            return "ACTIVE";
        }
        return p.gatewayIp().isPresent() || p.negotiationStatus().isPresent() ? "DOWN" : "PENDING_CREATE";
    }

    static ObjectNode view(IpsecConnectionState state, String status) {
        IpsecConnectionState.Tunnel tunnel = state.tunnels().getFirst();
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("id", state.id());
        view.put("tenant_id", state.accountId());
        view.put("project_id", state.accountId());
        view.put("name", state.name());
        view.put("description", "");
        view.put("vpnservice_id", state.attachment().vpnGatewayId().orElseThrow());
        view.putNull("ikepolicy_id");
        view.putNull("ipsecpolicy_id");
        view.put("peer_address", tunnel.customerGatewayIp());
        view.put("peer_id", tunnel.ike().remoteId().orElse(tunnel.customerGatewayIp()));
        var peerCidrs = view.putArray("peer_cidrs");
        state.remoteCidrs().forEach(peerCidrs::add);
        view.putNull("local_ep_group_id");
        view.putNull("peer_ep_group_id");
        view.put("local_id", tunnel.ike().localId().orElse(""));
        view.put("route_mode", "static");
        view.put("mtu", 1500);
        view.put("initiator", "bi-directional");
        view.put("auth_mode", "psk");
        view.put("admin_state_up", true);
        view.put("status", status);
        ObjectNode dpd = view.putObject("dpd");
        dpd.put("action", tunnel.dpd().enabled() ? tunnel.dpd().action() : "disabled");
        dpd.put("interval", tunnel.dpd().intervalSeconds());
        dpd.put("timeout", tunnel.dpd().timeoutSeconds());
        return view;
    }
}
