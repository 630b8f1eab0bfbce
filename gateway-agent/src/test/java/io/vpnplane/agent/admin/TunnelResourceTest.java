package io.vpnplane.agent.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The admin API over the agent started from a config file with two tunnels that negotiate with each
 * other over loopback UDP (src/test/resources/agent-loopback.yaml).
 */
@QuarkusTest
@TestProfile(LoopbackAgentProfile.class)
class TunnelResourceTest {

    private static JsonPath awaitTunnel(String id, String status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        JsonPath tunnel;
        do {
            tunnel = given().get("/agent/v1/tunnels/" + id).then().statusCode(200).extract().jsonPath();
            if (status.equals(tunnel.getString("negotiationStatus"))) {
                return tunnel;
            }
            sleep();
        } while (Instant.now().isBefore(deadline));
        return tunnel;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void showsNegotiatedTunnelsAndTerminatesAndInitiatesThem() {
        JsonPath a = awaitTunnel("a", "phase 2 negotiation succeeded"); // REQ-TUN-012
        assertThat(a.getString("ikeSaState")).isEqualTo("ESTABLISHED");
        assertThat(a.getString("ikeSa.algorithms")).isEqualTo("aes128-sha1-prfsha1-modp1024");
        assertThat(a.getBoolean("ikeSa.initiator")).isTrue();
        assertThat(a.getString("ikeSa.remoteEndpoint")).isEqualTo("127.0.0.2:15501");
        assertThat(a.getList("childSas")).hasSize(1);
        assertThat(a.getString("childSas[0].inboundSpi")).matches("[0-9a-f]{8}");
        assertThat(a.getString("childSas[0].algorithms")).isEqualTo("aes128-sha1");
        assertThat(a.getList("childSas[0].localSelectors", String.class))
                .containsExactly("192.168.100.0..192.168.100.255");
        assertThat(a.getList("childSas[0].remoteSelectors", String.class))
                .containsExactly("172.16.10.0..172.16.10.255", "172.16.20.0..172.16.20.255"); // REQ-CONN-006
        assertThat(a.getString("childSas[0].rekeyAt")).isNotBlank();
        assertThat(a.getLong("counters.messagesSent")).isPositive();
        assertThat(a.prettify()).doesNotContain("fddsFF123abc");
        JsonPath b = awaitTunnel("b", "phase 2 negotiation succeeded");
        assertThat(b.getString("childSas[0].outboundSpi")).isEqualTo(a.getString("childSas[0].inboundSpi"));

        given().get("/agent/v1/tunnels").then().statusCode(200).body("$", hasSize(2));

        given().post("/agent/v1/tunnels/a/terminate").then().statusCode(202);
        assertThat(awaitTunnel("b", "deleted by peer").getList("childSas")).isEmpty();
        assertThat(awaitTunnel("a", "terminated").getString("ikeSaState")).isEqualTo("NONE");

        given().post("/agent/v1/tunnels/a/initiate").then().statusCode(202);
        assertThat(awaitTunnel("a", "phase 2 negotiation succeeded").getList("childSas")).hasSize(1);
    }

    @Test
    void showsDeadPeerDetectionStateWithItsSettings() {
        // REQ-TUN-006 / REQ-B-003: state, timeout, action and history (empty: nobody died) per tunnel.
        JsonPath a = awaitTunnel("a", "phase 2 negotiation succeeded");
        assertThat(a.getString("dpd.state")).isIn("ALIVE", "PROBING");
        assertThat(a.getLong("dpd.intervalSeconds")).isEqualTo(10);
        assertThat(a.getLong("dpd.timeoutSeconds")).isEqualTo(20);
        assertThat(a.getString("dpd.action")).isEqualTo("HOLD");
        assertThat(Instant.parse(a.getString("dpd.lastHeard"))).isBefore(Instant.now().plusSeconds(1));
        assertThat(a.getList("dpd.history")).isEmpty();
        // No data plane in this test, so no health check runs.
        assertThat(a.getMap("$")).doesNotContainKey("healthCheck");
        JsonPath b = awaitTunnel("b", "phase 2 negotiation succeeded");
        assertThat(b.getMap("$")).containsEntry("dpd", null);
    }

    @Test
    void postOnChildrenNegotiatesAnAdditionalChildSa() {
        awaitTunnel("a", "phase 2 negotiation succeeded");

        given().post("/agent/v1/tunnels/a/children").then().statusCode(202).body("action", equalTo("createChildSa"));

        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        JsonPath a;
        do {
            sleep();
            a = given().get("/agent/v1/tunnels/a").then().statusCode(200).extract().jsonPath();
        } while (a.getList("childSas").size() < 2 && Instant.now().isBefore(deadline));
        assertThat(a.getList("childSas")).hasSize(2);
        assertThat(a.getLong("counters.childSaEstablished")).isGreaterThanOrEqualTo(2);
        assertThat(awaitTunnel("b", "phase 2 negotiation succeeded").getList("childSas")).hasSize(2);

        // Back to the one-CHILD_SA state the other tests expect.
        given().post("/agent/v1/tunnels/a/terminate").then().statusCode(202);
        awaitTunnel("a", "terminated");
        given().post("/agent/v1/tunnels/a/children").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("TUNNEL_NOT_ESTABLISHED"));
        given().post("/agent/v1/tunnels/a/initiate").then().statusCode(202);
        assertThat(awaitTunnel("a", "phase 2 negotiation succeeded").getList("childSas")).hasSize(1);
    }

    @Test
    void unknownTunnelIsAProblemDocument() {
        given().get("/agent/v1/tunnels/nope").then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("TUNNEL_NOT_FOUND"))
                .body("field", equalTo("id"));
        given().post("/agent/v1/tunnels/nope/initiate").then().statusCode(404);
        given().post("/agent/v1/tunnels/nope/children").then().statusCode(404);
    }
}
