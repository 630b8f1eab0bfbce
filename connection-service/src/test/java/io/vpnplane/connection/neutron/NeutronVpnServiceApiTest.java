package io.vpnplane.connection.neutron;

import static io.restassured.RestAssured.given;
import static io.vpnplane.connection.api.Api.as;
import static io.vpnplane.connection.api.Api.json;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vpnplane.api.DevTokens;
import io.vpnplane.testkit.KafkaAndPostgres;

/** Neutron VPNaaS vpnservices on the native VPN gateways (issue 10). */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @io.quarkus.test.common.ResourceArg(name = "prefix", value = "connsvc"))
class NeutronVpnServiceApiTest {

    private static final String SERVICES = "/v2.0/vpn/vpnservices";

    @Test
    void aVpnServiceIsAVpnGatewayOfItsRouter() {
        String id = as("acct-nvs").body(json("{'vpnservice': {'router_id': 'vpc-n1', 'name': 'svc', 'description': 'd',"
                        + " 'admin_state_up': true, 'tenant_id': 'acct-nvs'}}"))
                .post(SERVICES)
                .then().statusCode(201)
                .body("vpnservice.router_id", equalTo("vpc-n1")).body("vpnservice.name", equalTo("svc"))
                .body("vpnservice.tenant_id", equalTo("acct-nvs")).body("vpnservice.project_id", equalTo("acct-nvs"))
                .body("vpnservice.status", equalTo("ACTIVE")).body("vpnservice.subnet_id", nullValue())
                .extract().path("vpnservice.id");
        // Created via Neutron, visible natively.
        as("acct-nvs").get("/v1/vpn-gateways/" + id).then().statusCode(200)
                .body("vpcId", equalTo("vpc-n1")).body("name", equalTo("svc"));
        as("acct-nvs").get(SERVICES).then().statusCode(200).body("vpnservices.id", hasItem(id));
        as("acct-nvs").body(json("{'vpnservice': {'name': 'renamed'}}")).put(SERVICES + "/" + id)
                .then().statusCode(200).body("vpnservice.name", equalTo("renamed"));
        as("acct-nvs").get("/v1/vpn-gateways/" + id).then().body("name", equalTo("renamed"));
        as("acct-nvs").delete(SERVICES + "/" + id).then().statusCode(204);
        as("acct-nvs").get(SERVICES + "/" + id).then().statusCode(404)
                .body("NeutronError.type", equalTo("VPNServiceNotFound"));
        as("acct-nvs").get("/v1/vpn-gateways/" + id).then().statusCode(404);
    }

    @Test
    void aNativeGatewayIsAVpnService() {
        String id = as("acct-nvs2").body(json("{'name': 'native', 'vpcId': 'vpc-n2'}")).post("/v1/vpn-gateways")
                .then().statusCode(201).extract().path("id");
        as("acct-nvs2").get(SERVICES + "/" + id).then().statusCode(200)
                .body("vpnservice.router_id", equalTo("vpc-n2")).body("vpnservice.name", equalTo("native"));
        // Other projects see nothing of it.
        as("acct-other").get(SERVICES + "/" + id).then().statusCode(404);
        as("acct-other").get(SERVICES).then().statusCode(200).body("vpnservices.id", not(hasItem(id)));
    }

    @Test
    void oneVpnServicePerRouter() {
        // REQ-B-001
        as("acct-nvs3").body(json("{'vpnservice': {'router_id': 'vpc-n3'}}")).post(SERVICES).then().statusCode(201);
        as("acct-nvs3").body(json("{'vpnservice': {'router_id': 'vpc-n3'}}")).post(SERVICES)
                .then().statusCode(409).body("NeutronError.type", equalTo("Conflict"))
                .body("NeutronError.message", containsString("vpc-n3"));
    }

    @Test
    void anOpenStackClientsXAuthTokenIsTheBearerToken() {
        String id = as("acct-nvs5").body(json("{'vpnservice': {'router_id': 'vpc-n5'}}")).post(SERVICES)
                .then().statusCode(201).extract().path("vpnservice.id");
        given().header("X-Auth-Token", DevTokens.forAccount("acct-nvs5")).get(SERVICES + "/" + id)
                .then().statusCode(200).body("vpnservice.tenant_id", equalTo("acct-nvs5"));
        given().header("X-Auth-Token", DevTokens.forAccount("acct-nvs6")).get(SERVICES + "/" + id).then().statusCode(404);
        given().header("X-Auth-Token", "not-a-jwt").get(SERVICES).then().statusCode(401);
        given().get(SERVICES).then().statusCode(401);
    }

    @Test
    void badRequestsAreNeutronErrors() {
        as("acct-nvs4").body(json("{'router_id': 'vpc-n4'}")).post(SERVICES)
                .then().statusCode(400).body("NeutronError.type", equalTo("HTTPBadRequest"));
        as("acct-nvs4").body(json("{'vpnservice': {}}")).post(SERVICES)
                .then().statusCode(400).body("NeutronError.message", containsString("router_id"));
        as("acct-nvs4").body(json("{'vpnservice': {'router_id': 'vpc-n4', 'admin_state_up': false}}")).post(SERVICES)
                .then().statusCode(400).body("NeutronError.message", containsString("admin_state_up"));
        as("acct-nvs4").body(json("{'vpnservice': {'router_id': 'vpc-n4', 'tenant_id': 'someone-else'}}")).post(SERVICES)
                .then().statusCode(400).body("NeutronError.message", containsString("tenant_id"));
        as("acct-nvs4").body("{not json").post(SERVICES).then().statusCode(400);
        String id = as("acct-nvs4").body(json("{'vpnservice': {'router_id': 'vpc-n4'}}")).post(SERVICES)
                .then().statusCode(201).extract().path("vpnservice.id");
        as("acct-nvs4").body(json("{'vpnservice': {'router_id': 'vpc-x'}}")).put(SERVICES + "/" + id)
                .then().statusCode(400).body("NeutronError.message", containsString("router_id"));
        as("acct-nvs4").body(json("{'vpnservice': {'name': 'x'}}")).put(SERVICES + "/vpngw-missing")
                .then().statusCode(404).body("NeutronError.type", equalTo("VPNServiceNotFound"));
        as("acct-nvs4").delete(SERVICES + "/vpngw-missing").then().statusCode(404);
    }
}
