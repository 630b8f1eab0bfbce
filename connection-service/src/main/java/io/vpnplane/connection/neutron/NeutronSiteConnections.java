package io.vpnplane.connection.neutron;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.connection.placement.TunnelPlacement;
import io.vpnplane.events.connection.EndpointGroupState;
import io.vpnplane.events.connection.IkePolicyState;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.connection.IpsecPolicyState;
import io.vpnplane.events.tunnel.TunnelStatusChanged;

/** A single-tunnel IPsec connection in Neutron's ipsec_site_connection attributes, and back. */
final class NeutronSiteConnections {

    private static final String IPSEC_SA_UP = TunnelStatusChanged.NegotiationStatus.IPSEC_SA_ESTABLISHED.name();

    private NeutronSiteConnections() {
    }

    /** The connection when it has a Neutron form: one tunnel on a VPN gateway. */
    static Optional<IpsecConnectionState> siteConnection(IpsecConnectionState state) {
        return state.tunnels().size() == 1 && state.attachment().vpnGatewayId().isPresent()
                ? Optional.of(state) : Optional.empty();
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
        Optional<IpsecConnectionState.Neutron> neutron = state.neutron();
        boolean endpointGroups = neutron.flatMap(IpsecConnectionState.Neutron::localEndpointGroupId).isPresent();
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("id", state.id());
        view.put("tenant_id", state.accountId());
        view.put("project_id", state.accountId());
        view.put("name", state.name());
        view.put("description", neutron.map(IpsecConnectionState.Neutron::description).orElse(""));
        view.put("vpnservice_id", state.attachment().vpnGatewayId().orElseThrow());
        view.put("ikepolicy_id", neutron.flatMap(IpsecConnectionState.Neutron::ikePolicyId).orElse(null));
        view.put("ipsecpolicy_id", neutron.flatMap(IpsecConnectionState.Neutron::ipsecPolicyId).orElse(null));
        view.put("peer_address", tunnel.customerGatewayIp());
        view.put("peer_id", tunnel.ike().remoteId().orElse(tunnel.customerGatewayIp()));
        var peerCidrs = view.putArray("peer_cidrs");
        if (!endpointGroups) {
            state.remoteCidrs().forEach(peerCidrs::add);
        }
        view.put("local_ep_group_id", neutron.flatMap(IpsecConnectionState.Neutron::localEndpointGroupId).orElse(null));
        view.put("peer_ep_group_id", neutron.flatMap(IpsecConnectionState.Neutron::peerEndpointGroupId).orElse(null));
        view.put("local_id", tunnel.ike().localId().orElse(""));
        view.put("route_mode", "static");
        view.put("mtu", SiteConnectionInput.MTU);
        view.put("initiator", state.initiator().orElse("bi-directional"));
        view.put("auth_mode", "psk");
        view.put("admin_state_up", true);
        view.put("status", status);
        ObjectNode dpd = view.putObject("dpd");
        dpd.put("action", tunnel.dpd().enabled() ? tunnel.dpd().action() : "disabled");
        dpd.put("interval", tunnel.dpd().intervalSeconds());
        dpd.put("timeout", tunnel.dpd().timeoutSeconds());
        return view;
    }

    /** Neutron's DPD dictionary of a tunnel. */
    static SiteConnectionInput.Dpd dpd(IpsecConnectionState.Tunnel tunnel) {
        return new SiteConnectionInput.Dpd(Optional.of(tunnel.dpd().enabled() ? tunnel.dpd().action() : "disabled"),
                Optional.of(tunnel.dpd().intervalSeconds()), Optional.of(tunnel.dpd().timeoutSeconds()));
    }

    /** The native tunnel {@code dpd} of a complete Neutron DPD dictionary. */
    static ObjectNode nativeDpd(SiteConnectionInput.Dpd dpd) {
        String action = dpd.action().orElseThrow();
        boolean enabled = !action.equals("disabled");
        return JsonNodeFactory.instance.objectNode().put("enabled", enabled).put("action", enabled ? action : "hold")
                .put("intervalSeconds", dpd.interval().orElseThrow()).put("timeoutSeconds", dpd.timeout().orElseThrow());
    }

    /** The native tunnel {@code ike} of an IKE policy. */
    static ObjectNode nativeIke(IkePolicyState policy) {
        return JsonNodeFactory.instance.objectNode()
                .put("version", policy.ikeVersion().equals("v1") ? "ikev1" : "ikev2")
                .put("mode", policy.phase1NegotiationMode())
                .put("encryption", PolicyAttributes.nativeEncryption(policy.encryptionAlgorithm()))
                .put("integrity", policy.authAlgorithm()).put("dhGroup", policy.pfs())
                .put("lifetimeSeconds", policy.lifetimeSeconds());
    }

    /** The native tunnel {@code ipsec} of an IPsec policy. */
    static ObjectNode nativeIpsec(IpsecPolicyState policy) {
        return JsonNodeFactory.instance.objectNode()
                .put("encryption", PolicyAttributes.nativeEncryption(policy.encryptionAlgorithm()))
                .put("integrity", policy.authAlgorithm()).put("dhGroup", policy.pfs())
                .put("lifetimeSeconds", policy.lifetimeSeconds());
    }

    /** The connection-level members a pair of endpoint groups gives: policy routing between their CIDRs. */
    static void putEndpoints(ObjectNode connection, EndpointGroupState local, EndpointGroupState peer) {
        connection.put("routingMode", "policy");
        var localCidrs = connection.putArray("localCidrs");
        local.endpoints().forEach(localCidrs::add);
        var remoteCidrs = connection.putArray("remoteCidrs");
        peer.endpoints().forEach(remoteCidrs::add);
    }

    /**
     * REQ-B-001 one local ↔ one peer subnet, as Neutron sees endpoint groups: the local group names subnets (or,
     * since vpnplane has no subnet resource, CIDRs), the peer group CIDRs.
     */
    static void checkEndpointGroups(EndpointGroupState local, EndpointGroupState peer, String nativeIkeVersion) {
        if (!List.of("subnet", "cidr").contains(local.type())) {
            throw wrongType("local", local.type(), "subnet");
        }
        if (!peer.type().equals("cidr")) {
            throw wrongType("peer", peer.type(), "cidr");
        }
        // REQ-B-001 with IKEv1 (REQ-CONN-006: several CIDRs per side need IKEv2, which the native API accepts).
        if (nativeIkeVersion.equals("ikev1")) {
            for (EndpointGroupState group : List.of(local, peer)) {
                if (group.endpoints().size() > 1) {
                    throw NeutronRefusal.invalidInput(group == local ? "local_ep_group_id" : "peer_ep_group_id",
                            "endpoint group " + group.id() + " has " + group.endpoints().size() + " endpoints; with"
                                    + " IKE version v1 a site connection joins one local and one peer subnet (an"
                                    + " IKE policy of version v2 allows more)");
                }
            }
        }
    }

    private static NeutronRefusal wrongType(String which, String type, String expected) {
        return NeutronRefusal.typed("WrongEndpointGroupType", "Endpoint group " + which + " type is '" + type
                + "' and should be '" + expected + "'");
    }
}
