package io.vpnplane.events.routing;

import java.util.Optional;

import io.vpnplane.events.EventType;

/**
 * For the VPC owner: the VPC's system route table (never a custom one, REQ-RT-007) now sends
 * {@code destinationCidr} to the VPN gateway.
 *
 * @param vpcId the VPN gateway's VPC, when connection-service has told routing-service about it
 */
@EventType(value = "io.vpnplane.route.published-to-vpc", version = 1)
public record RoutePublishedToVpc(
        String vpnGatewayId,
        Optional<String> vpcId,
        String routeId,
        String destinationCidr,
        RouteSource source) implements RouteEvent {
}
