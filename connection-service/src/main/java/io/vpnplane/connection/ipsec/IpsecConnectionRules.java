package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.validation.Findings;
import io.vpnplane.events.connection.CustomerGatewayState;

/** The rules of a connection that depend on the other resources it names. */
final class IpsecConnectionRules {

    private IpsecConnectionRules() {
    }

    static void check(IpsecConnectionSpec spec, References references, Findings findings) {
        for (int i = 0; i < spec.tunnels().size(); i++) {
            TunnelOptions tunnel = spec.tunnels().get(i);
            String field = "tunnels[" + i + "].customerGatewayId";
            CustomerGatewayState cgw = references.customerGateways().get(tunnel.customerGatewayId());
            if (cgw == null) {
                // REQ-TUN-001: the customer gateway must exist in the caller's account.
                findings.refuse("InvalidParameter.CustomerGatewayId", field,
                        "customer gateway " + tunnel.customerGatewayId() + " does not exist");
            } else if (spec.bgp().enabled() && cgw.asn().isEmpty()) {
                // REQ-CGW-004: BGP needs the on-premises ASN.
                findings.refuse("OperationDenied.CustomerGatewayWithoutAsn", field,
                        "BGP is enabled but customer gateway " + cgw.id() + " has no ASN");
            }
        }
        if (spec.attachment() instanceof Attachment.ToVpnGateway vpn
                && !references.vpnGatewayIds().contains(vpn.vpnGatewayId())) {
            findings.refuse("InvalidParameter.VpnGatewayId", "attachment.vpnGatewayId",
                    "VPN gateway " + vpn.vpnGatewayId() + " does not exist");
        }
    }
}
