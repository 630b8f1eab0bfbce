package io.vpnplane.connection.neutron;

import static io.vpnplane.connection.api.Api.as;
import static io.vpnplane.connection.api.Api.json;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vpnplane.testkit.KafkaAndPostgres;

/** Neutron endpoint groups (issue 10): the subnet and cidr types, fixed type and endpoints. */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @io.quarkus.test.common.ResourceArg(name = "prefix", value = "connsvc"))
class NeutronEndpointGroupApiTest {

    private static final String GROUPS = "/v2.0/vpn/endpoint-groups";

    @Test
    void anEndpointGroupLivesThroughCreateShowListUpdateDelete() {
        String id = as("acct-neg1").body(json("{'endpoint_group': {'name': 'dc', 'type': 'cidr',"
                        + " 'endpoints': ['192.168.10.0/24', '192.168.11.0/24', '192.168.10.0/24']}}")).post(GROUPS)
                .then().statusCode(201)
                .body("endpoint_group.type", equalTo("cidr")).body("endpoint_group.tenant_id", equalTo("acct-neg1"))
                .body("endpoint_group.endpoints", equalTo(List.of("192.168.10.0/24", "192.168.11.0/24")))
                .extract().path("endpoint_group.id");
        as("acct-neg1").get(GROUPS + "/" + id).then().statusCode(200).body("endpoint_group.name", equalTo("dc"));
        as("acct-neg1").get(GROUPS).then().statusCode(200).body("endpoint_groups.id", hasItem(id));
        as("acct-neg1").body(json("{'endpoint_group': {'name': 'dc2', 'description': 'two'}}")).put(GROUPS + "/" + id)
                .then().statusCode(200).body("endpoint_group.name", equalTo("dc2"))
                .body("endpoint_group.description", equalTo("two"));
        // type and endpoints are fixed at creation, as in Neutron
        as("acct-neg1").body(json("{'endpoint_group': {'endpoints': ['10.0.0.0/8']}}")).put(GROUPS + "/" + id)
                .then().statusCode(400).body("NeutronError.message", equalTo("Cannot update read-only attribute endpoints"));
        as("acct-neg1-other").get(GROUPS + "/" + id).then().statusCode(404)
                .body("NeutronError.type", equalTo("VPNEndpointGroupNotFound"));
        as("acct-neg1").delete(GROUPS + "/" + id).then().statusCode(204);
        as("acct-neg1").get(GROUPS + "/" + id).then().statusCode(404);
    }

    @Test
    void subnetEndpointsAreTheSubnetsCidrsAndOtherTypesAreRefused() {
        as("acct-neg2").body(json("{'endpoint_group': {'type': 'subnet', 'endpoints': ['10.1.0.0/24']}}")).post(GROUPS)
                .then().statusCode(201).body("endpoint_group.endpoints", equalTo(List.of("10.1.0.0/24")));
        refused("{'type': 'subnet', 'endpoints': ['3f1c8a52-0b8e-4a51-9d7e-3c2f1a0b9e11']}",
                "InvalidEndpointInEndpointGroup", "a subnet is given as its IPv4 CIDR");
        refused("{'type': 'cidr', 'endpoints': ['10.1.0.1/24']}", "InvalidEndpointInEndpointGroup",
                "Endpoint '10.1.0.1/24' is invalid for group type 'cidr'");
        refused("{'type': 'cidr', 'endpoints': ['2001:db8::/32']}", "InvalidEndpointInEndpointGroup", "IPv4");
        refused("{'type': 'cidr', 'endpoints': []}", "MissingEndpointForEndpointGroup", "No endpoints specified");
        refused("{'type': 'cidr'}", "MissingEndpointForEndpointGroup", "No endpoints specified");
        refused("{'type': 'network', 'endpoints': ['x']}", "HTTPBadRequest", "'network' are not supported");
        refused("{'type': 'vrf', 'endpoints': ['x']}", "HTTPBadRequest", "'vrf' is not in");
        refused("{'endpoints': ['10.0.0.0/8']}", "HTTPBadRequest", "Required attribute 'type' not specified");
    }

    private static void refused(String attributes, String type, String message) {
        NeutronFixture.refused("acct-neg2", GROUPS, "endpoint_group", attributes, type, message);
    }
}
