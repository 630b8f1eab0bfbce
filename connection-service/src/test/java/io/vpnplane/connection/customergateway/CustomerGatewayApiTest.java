package io.vpnplane.connection.customergateway;

import static io.vpnplane.connection.api.Api.as;
import static io.vpnplane.connection.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vpnplane.connection.api.Api;
import io.vpnplane.connection.api.TopicReader;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.Topics;
import io.vpnplane.testkit.KafkaAndPostgres;

@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @io.quarkus.test.common.ResourceArg(name = "prefix", value = "connsvc"))
class CustomerGatewayApiTest {

    @Test
    void createReadUpdateDelete() {
        // REQ-CGW-001, REQ-CGW-002: dotted ASN is returned as a number
        String id = as("acct-cgw").body(json("{'name': 'dc-tokyo', 'ipAddress': '203.0.113.7', 'asn': '1.10',"
                        + " 'description': 'main DC', 'tags': {'env': 'prod'}}"))
                .post("/v1/customer-gateways")
                .then().statusCode(201).header("ETag", "\"1\"").header("Location", containsString("/v1/customer-gateways/cgw-"))
                .body("asn", equalTo(65546)).body("ipAddress", equalTo("203.0.113.7"))
                .body("createdAt", notNullValue()).body("version", equalTo(1)).body("accountId", equalTo(null))
                .extract().path("id");
        as("acct-cgw").get("/v1/customer-gateways/" + id).then().statusCode(200).body("name", equalTo("dc-tokyo"))
                .body("tags.env", equalTo("prod"));
        as("acct-cgw").header("If-Match", "\"1\"").body(json("{'name': 'renamed', 'tags': {'env': null}}"))
                .contentType("application/merge-patch+json")
                .patch("/v1/customer-gateways/" + id)
                .then().statusCode(200).header("ETag", "\"2\"").body("name", equalTo("renamed"))
                .body("tags", equalTo(java.util.Map.of()));
        // ipAddress and asn are fixed
        as("acct-cgw").body(json("{'ipAddress': '203.0.113.8'}")).patch("/v1/customer-gateways/" + id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("OperationDenied.ImmutableField")).body("field", equalTo("ipAddress"));
        as("acct-cgw").delete("/v1/customer-gateways/" + id).then().statusCode(204);
        as("acct-cgw").get("/v1/customer-gateways/" + id).then().statusCode(404);
    }

    @Test
    void everyWrongFieldIsReported() {
        // REQ-CGW-001 ipAddress required, REQ-CGW-002 ASN range
        as("acct-cgw").body(json("{'asn': 4294967296, 'color': 'red'}")).post("/v1/customer-gateways")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.code", hasItem("MissingParameter.IpAddress"))
                .body("errors.code", hasItem("InvalidParameter.Asn"))
                .body("errors.field", hasItem("color"));
        as("acct-cgw").body("{not json").post("/v1/customer-gateways")
                .then().statusCode(400).body("code", equalTo("InvalidParameter.Body"));
    }

    @Test
    void anotherAccountSeesNothing() {
        String id = Api.customerGateway("acct-a", "198.51.100.1", null);
        as("acct-b").get("/v1/customer-gateways/" + id).then().statusCode(404)
                .body("code", equalTo("NotFound.CustomerGateway"));
        as("acct-b").delete("/v1/customer-gateways/" + id).then().statusCode(404);
        as("acct-b").get("/v1/customer-gateways").then().statusCode(200).body("items.id", not(hasItem(id)));
    }

    @Test
    void listPagesAndFilters() {
        for (int i = 0; i < 5; i++) {
            as("acct-list").body(json("{'name': 'n" + (i % 2) + "', 'ipAddress': '192.0.2." + (i + 1) + "',"
                    + " 'tags': {'idx': '" + i + "'}}")).post("/v1/customer-gateways").then().statusCode(201);
        }
        String token = as("acct-list").queryParam("limit", 2).get("/v1/customer-gateways")
                .then().statusCode(200).body("items.size()", equalTo(2)).body("nextPageToken", notNullValue())
                .extract().path("nextPageToken");
        as("acct-list").queryParam("limit", 2).queryParam("pageToken", token).get("/v1/customer-gateways")
                .then().statusCode(200).body("items.size()", equalTo(2));
        as("acct-list").queryParam("name", "n0").get("/v1/customer-gateways")
                .then().statusCode(200).body("items.size()", equalTo(3));
        as("acct-list").queryParam("tag", "idx=3").get("/v1/customer-gateways")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("items[0].tags.idx", equalTo("3"));
        as("acct-list").queryParam("limit", 0).get("/v1/customer-gateways")
                .then().statusCode(400).body("code", equalTo("InvalidParameter.Limit"));
    }

    @Test
    void eventsReachTheCustomerGatewaysTopic() {
        String id = Api.customerGateway("acct-events", "198.51.100.77", 65077L);
        as("acct-events").body(json("{'name': 'renamed'}")).patch("/v1/customer-gateways/" + id).then().statusCode(200);
        var records = TopicReader.await(Topics.CUSTOMER_GATEWAYS, r -> id.equals(r.key()), 2, Duration.ofSeconds(30));
        assertThat(records).extracting(r -> TopicReader.header(r, CloudEventHeaders.TYPE))
                .containsExactly("io.vpnplane.customer-gateway.created.v1", "io.vpnplane.customer-gateway.updated.v1");
        assertThat(new String(records.get(1).value(), StandardCharsets.UTF_8))
                .contains("\"ipAddress\":\"198.51.100.77\"").contains("\"asn\":65077").contains("\"name\":\"renamed\"");
    }
}
