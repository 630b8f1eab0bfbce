package io.vpnplane.events.connection;

import java.util.Map;

/** A VPN gateway (the cloud-side gateway of one VPC, REQ-B-001: at most one per VPC and account). */
public record VpnGatewayState(String id, String accountId, String name, String vpcId, String description,
        Map<String, String> tags) {
}
