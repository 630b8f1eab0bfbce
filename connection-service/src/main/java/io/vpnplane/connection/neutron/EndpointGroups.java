package io.vpnplane.connection.neutron;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vpnplane.connection.net.Ipv4Cidr;
import io.vpnplane.connection.persistence.ConnectionReadModel;
import io.vpnplane.connection.persistence.ReadModelQueries;
import io.vpnplane.connection.persistence.ReadModelQueries.NeutronSource;
import io.vpnplane.connection.persistence.ReadModelQueries.Table;
import io.vpnplane.events.connection.EndpointGroupEvent;
import io.vpnplane.events.connection.EndpointGroupState;

/**
 * Neutron endpoint groups: the local ({@code subnet}) and peer ({@code cidr}) sides of site connections. vpnplane
 * has no subnet resource, so a {@code subnet} endpoint is the subnet's IPv4 CIDR; the other Neutron types
 * (network, router, vlan) describe nothing the gateway can use and are refused. Type and endpoints are fixed at
 * creation, as in Neutron.
 */
final class EndpointGroups extends NeutronResourceKind<EndpointGroupState> {

    static final EndpointGroups KIND = new EndpointGroups();

    private static final List<String> NEUTRON_TYPES = List.of("cidr", "network", "router", "subnet", "vlan");
    private static final List<String> SUPPORTED_TYPES = List.of("cidr", "subnet");

    private EndpointGroups() {
        super(new Names("endpoint-groups", "endpoint_group", "endpoint_groups", ConnectionReadModel.ENDPOINT_GROUP,
                        Table.ENDPOINT_GROUP, "VPNEndpointGroupNotFound", "Endpoint group"), EndpointGroupState.class,
                new Events<>(EndpointGroupEvent.Created::new, EndpointGroupEvent.Updated::new, EndpointGroupEvent.Deleted::new,
                        event -> event instanceof EndpointGroupEvent.Deleted ? Optional.empty()
                                : Optional.of(((EndpointGroupEvent) event).endpointGroup()),
                        EndpointGroupState::id, EndpointGroupState::accountId));
    }

    @Override
    EndpointGroupState create(String id, String account, JsonNode resource) {
        NeutronBodies.attributes(resource, Set.of("name", "description", "type", "endpoints", "tenant_id",
                "project_id"), Set.of(), true);
        String name = NeutronBodies.text(resource, "name", NeutronBodies.NAME_LENGTH).orElse("");
        String description = NeutronBodies.text(resource, "description", NeutronBodies.DESCRIPTION_LENGTH).orElse("");
        if (!resource.hasNonNull("type")) {
            throw NeutronRefusal.badRequest("Failed to parse request. Required attribute 'type' not specified");
        }
        String type = NeutronBodies.value(resource, "type", NEUTRON_TYPES).orElseThrow();
        if (!SUPPORTED_TYPES.contains(type)) {
            throw NeutronRefusal.invalidInput("type", "endpoint groups of type '" + type + "' are not supported;"
                    + " use subnet (local side) or cidr (peer side)");
        }
        return new EndpointGroupState(id, account, name, description, type, endpoints(resource, name, type));
    }

    /** At least one endpoint, each a canonical IPv4 CIDR block (IPv4 only, as the gateway). */
    private static List<String> endpoints(JsonNode resource, String name, String type) {
        JsonNode endpoints = resource.get("endpoints");
        if (endpoints == null || endpoints.isNull() || (endpoints.isArray() && endpoints.isEmpty())) {
            throw NeutronRefusal.typed("MissingEndpointForEndpointGroup",
                    "No endpoints specified for endpoint group '" + name + "'");
        }
        if (!endpoints.isArray()) {
            throw NeutronRefusal.invalidInput("endpoints", "'" + endpoints + "' is not a list");
        }
        Set<String> cidrs = new TreeSet<>();
        List<String> ordered = new ArrayList<>();
        for (JsonNode endpoint : endpoints) {
            String text = endpoint.asText();
            Optional<Ipv4Cidr> cidr = endpoint.isTextual() ? Ipv4Cidr.parse(text) : Optional.empty();
            if (cidr.isEmpty()) {
                throw NeutronRefusal.typed("InvalidEndpointInEndpointGroup", "Endpoint '" + text
                        + "' is invalid for group type '" + type + "': "
                        + (type.equals("subnet") ? "a subnet is given as its IPv4 CIDR (vpnplane has no subnet"
                                + " resource)" : "not an IPv4 CIDR block (a.b.c.d/n without host bits)"));
            }
            if (cidrs.add(cidr.get().toString())) {
                ordered.add(cidr.get().toString());
            }
        }
        return ordered;
    }

    @Override
    EndpointGroupState update(EndpointGroupState current, JsonNode resource) {
        NeutronBodies.attributes(resource, Set.of("name", "description"), Set.of(), false);
        return new EndpointGroupState(current.id(), current.accountId(),
                NeutronBodies.text(resource, "name", NeutronBodies.NAME_LENGTH).orElse(current.name()),
                NeutronBodies.text(resource, "description", NeutronBodies.DESCRIPTION_LENGTH)
                        .orElse(current.description()),
                current.type(), current.endpoints());
    }

    /** Only name and description can change. */
    @Override
    boolean settingsDiffer(EndpointGroupState current, EndpointGroupState next) {
        return false;
    }

    @Override
    ObjectNode view(EndpointGroupState s) {
        ObjectNode view = PolicyAttributes.common(s.id(), s.accountId(), s.name(), s.description())
                .put("type", s.type());
        var endpoints = view.putArray("endpoints");
        s.endpoints().forEach(endpoints::add);
        return view;
    }

    @Override
    Uni<List<String>> users(SqlClient tx, String id) {
        return ReadModelQueries.connectionsFrom(tx, NeutronSource.LOCAL_ENDPOINT_GROUP, id)
                .chain(local -> ReadModelQueries.connectionsFrom(tx, NeutronSource.PEER_ENDPOINT_GROUP, id)
                        .map(peer -> {
                            Set<String> all = new TreeSet<>(local);
                            all.addAll(peer);
                            return List.copyOf(all);
                        }));
    }

    /** Neutron answers 400 here (its {@code EndpointGroupInUse} is a BadRequest), unlike the policies' 409. */
    @Override
    NeutronRefusal inUse(String id) {
        return NeutronRefusal.typed("EndpointGroupInUse", "Endpoint group " + id + " is in use and cannot be deleted");
    }
}
