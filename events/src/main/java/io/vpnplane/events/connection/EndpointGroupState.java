package io.vpnplane.events.connection;

import java.util.List;

/**
 * A Neutron VPNaaS endpoint group: the local ({@code subnet}) or peer ({@code cidr}) side of site connections.
 *
 * @param type      {@code subnet} | {@code cidr}
 * @param endpoints IPv4 CIDR blocks (a subnet is named by its CIDR: vpnplane has no subnet resource)
 */
public record EndpointGroupState(String id, String accountId, String name, String description, String type,
        List<String> endpoints) {

    public EndpointGroupState {
        endpoints = List.copyOf(endpoints);
    }
}
