package io.vpnplane.connection.ipsec;

import static io.vpnplane.connection.api.Api.as;
import static io.vpnplane.connection.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vpnplane.connection.api.Api;
import io.vpnplane.connection.api.TopicReader;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.EventJson;
import io.vpnplane.events.Topics;
import io.vpnplane.events.secret.TransitKey;
import io.vpnplane.events.tunnel.TunnelPlaced;
import io.vpnplane.events.tunnel.TunnelPlacementPending;
import io.vpnplane.testkit.ContractEventProducer;
import io.vpnplane.testkit.Eventually;
import io.vpnplane.testkit.KafkaAndPostgres;

@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @ResourceArg(name = "prefix", value = "connsvc"))
class IpsecConnectionApiTest {

    private static final String ACCT = "acct-conn";
    /** tunnel-service's dev/test transit key: what connection-service seals with must open with it. */
    private static final TransitKey TRANSIT = TransitKey.fromBase64("dnBucGxhbmUtZGV2LXRyYW5zaXQta2V5LTMyLWJ5dGU=");
    private String cgwA;
    private String cgwB;
    private String cgwPlain;

    @BeforeEach
    void customerGateways() {
        cgwA = Api.customerGateway(ACCT, "203.0.113.10", 65530L);
        cgwB = Api.customerGateway(ACCT, "203.0.113.20", 65531L);
        cgwPlain = Api.customerGateway(ACCT, "203.0.113.30", null);
    }

    private String dualBody() {
        return json("{'name': 'to-dc', 'tunnels': [{'customerGatewayId': '" + cgwA + "', 'preSharedKey': 'fddsFF123abc'},"
                + " {'customerGatewayId': '" + cgwB + "'}]}");
    }

    private ValidatableResponse create(String body) {
        return as(ACCT).body(body).post("/v1/ipsec-connections").then();
    }

    private String created(String body) {
        return create(body).statusCode(201).extract().path("id");
    }

    @Test
    void createShowsTheSeedsDefaultsAndEffectiveValues() {
        // REQ-CONN-003/004/005/008/009/010, REQ-TUN-004/005/006/007/011 defaults, shown on GET
        String id = created(dualBody());
        as(ACCT).get("/v1/ipsec-connections/" + id).then().statusCode(200).header("ETag", "\"1\"")
                .body("gatewayType", equalTo("public")).body("tunnelMode", equalTo("dual"))
                .body("routingMode", equalTo("destination")).body("effectImmediately", equalTo(true))
                .body("bgp.enabled", equalTo(false)).body("bgp.localAsn", equalTo(45104))
                .body("advanced.autoAdvertiseRoutes", equalTo(true))
                .body("advanced.autoAssociateDefaultRouteTable", equalTo(true))
                .body("advanced.autoPropagateToDefaultRouteTable", equalTo(true))
                .body("attachment.type", equalTo("none"))
                .body("tunnels", hasSize(2))
                .body("tunnels[0].ike.version", equalTo("ikev2")).body("tunnels[0].ike.mode", equalTo("main"))
                .body("tunnels[0].ike.encryption", equalTo("aes")).body("tunnels[0].ike.integrity", equalTo("sha1"))
                .body("tunnels[0].ike.dhGroup", equalTo("group2")).body("tunnels[0].ike.lifetimeSeconds", equalTo(86400))
                .body("tunnels[0].ike.remoteId", equalTo("203.0.113.10"))
                .body("tunnels[1].ike.remoteId", equalTo("203.0.113.20"))
                .body("tunnels[0].ipsec.dhGroup", equalTo("group2"))
                .body("tunnels[0].dpd.enabled", equalTo(true)).body("tunnels[0].dpd.action", equalTo("restart"))
                .body("tunnels[0].dpd.timeoutSeconds", equalTo(130))
                .body("tunnels[0].natTraversal", equalTo(true))
                .body("tunnels[0].healthCheck.enabled", equalTo(false))
                .body("tunnels[0].healthCheck.intervalSeconds", equalTo(3))
                .body("tunnels[0].healthCheck.retries", equalTo(3))
                .body("tunnels[0].healthCheck.switchRoute", equalTo(true))
                .body("tunnels[0].preSharedKey", equalTo(null))
                .body("tunnels[0].customerGatewayIp", equalTo(null));
    }

    @Test
    void preSharedKeysAreReadBackByTheOwnerOnly() {
        // REQ-TUN-002: given key kept, omitted key generated with 16 characters, readable by the owner
        String id = created(dualBody());
        List<String> tunnels = as(ACCT).get("/v1/ipsec-connections/" + id).then().extract().path("tunnels.id");
        as(ACCT).get("/v1/ipsec-connections/" + id + "/tunnels/" + tunnels.get(0) + "/pre-shared-key")
                .then().statusCode(200).header("Cache-Control", "no-store").body("preSharedKey", equalTo("fddsFF123abc"));
        String generated = as(ACCT).get("/v1/ipsec-connections/" + id + "/tunnels/" + tunnels.get(1) + "/pre-shared-key")
                .then().statusCode(200).extract().path("preSharedKey");
        assertThat(generated).hasSize(16);
        as("acct-intruder").get("/v1/ipsec-connections/" + id + "/tunnels/" + tunnels.get(1) + "/pre-shared-key")
                .then().statusCode(404);
    }

    @Test
    void violationsArePreciseProblems() {
        // REQ-TUN-008 reserved CIDR, REQ-CONN-006 ikev1 with several CIDRs, REQ-TUN-001 unknown customer gateway
        create(json("{'routingMode': 'policy', 'localCidrs': ['10.0.0.0/16', '10.1.0.0/16'], 'remoteCidrs': ['192.168.0.0/24'],"
                + " 'tunnels': [{'customerGatewayId': 'cgw-nope', 'ike': {'version': 'ikev1'}},"
                + " {'customerGatewayId': '" + cgwB + "', 'bgp': {'tunnelCidr': '169.254.169.252/30', 'localBgpIp': '169.254.169.253'}}]}"))
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("tunnels[1].bgp.tunnelCidr"))
                .body("errors.code", hasItem("InvalidParameter.TunnelCidr"))
                .body("errors.code", hasItem("InvalidParameter.MultipleCidrsRequireIkev2"))
                .body("errors.field", hasItem("tunnels[0].ike.version"));
        create(json("{'tunnels': [{'customerGatewayId': 'cgw-nope'}, {'customerGatewayId': '" + cgwB + "'}]}"))
                .statusCode(400).body("code", equalTo("InvalidParameter.CustomerGatewayId"))
                .body("field", equalTo("tunnels[0].customerGatewayId"));
        // REQ-CONN-004: no new single-tunnel transit-router connection
        create(json("{'tunnelMode': 'single', 'attachment': {'type': 'transit-router', 'cenInstanceId': 'cen-1',"
                + " 'transitRouterId': 'tr-1'}, 'tunnels': [{'customerGatewayId': '" + cgwA + "'}]}"))
                .statusCode(400).body("code", equalTo("OperationDenied.SingleTunnelTransitRouter"))
                .body("field", equalTo("tunnelMode"));
        // REQ-CGW-004: BGP needs customer gateways with an ASN
        create(json("{'bgp': {'enabled': true}, 'tunnels': [{'customerGatewayId': '" + cgwPlain + "', 'bgp':"
                + " {'tunnelCidr': '169.254.10.0/30', 'localBgpIp': '169.254.10.1'}}, {'customerGatewayId': '" + cgwB
                + "', 'bgp': {'tunnelCidr': '169.254.11.0/30', 'localBgpIp': '169.254.11.1'}}]}"))
                .statusCode(400).body("code", equalTo("OperationDenied.CustomerGatewayWithoutAsn"))
                .body("field", equalTo("tunnels[0].customerGatewayId"));
    }

    @Test
    void notRecommendedValuesAreAcceptedWithWarnings() {
        // REQ-TUN-004: des accepted but flagged; REQ-CONN-009 public ASN flagged
        create(json("{'bgp': {'localAsn': '1.1'}, 'tunnels': [{'customerGatewayId': '" + cgwA + "', 'ike': {'encryption': 'des'}},"
                + " {'customerGatewayId': '" + cgwB + "', 'ipsec': {'integrity': 'md5'}}]}"))
                .statusCode(201).body("bgp.localAsn", equalTo(65537))
                .body("warnings.code", hasItem("NotRecommended.Encryption"))
                .body("warnings.field", hasItem("tunnels[0].ike.encryption"))
                .body("warnings.field", hasItem("tunnels[1].ipsec.integrity"))
                .body("warnings.code", hasItem("NotRecommended.PublicAsn"));
    }

    @Test
    void concurrentPatchesWithTheSameIfMatchOneWinsOneGets412() throws Exception {
        String id = created(dualBody());
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> patches = List.of("first", "second").stream()
                .map(name -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return as(ACCT).header("If-Match", "\"1\"").body(json("{'name': '" + name + "'}"))
                            .patch("/v1/ipsec-connections/" + id).then().extract().statusCode();
                })).toList();
        start.countDown();
        List<Integer> statuses = patches.stream().map(CompletableFuture::join).sorted().toList();
        assertThat(statuses).containsExactly(200, 412);
        as(ACCT).get("/v1/ipsec-connections/" + id).then().header("ETag", "\"2\"");
        as(ACCT).header("If-Match", "\"1\"").body(json("{'name': 'stale'}")).patch("/v1/ipsec-connections/" + id)
                .then().statusCode(412).body("code", equalTo("PreconditionFailed.Version"));
    }

    @Test
    void idempotentPost() {
        String key = "key-" + System.nanoTime();
        String first = as(ACCT).header("Idempotency-Key", key).body(dualBody()).post("/v1/ipsec-connections")
                .then().statusCode(201).extract().path("id");
        String again = as(ACCT).header("Idempotency-Key", key).body(dualBody()).post("/v1/ipsec-connections")
                .then().statusCode(201).header("Location", containsString(first)).extract().path("id");
        assertThat(again).isEqualTo(first);
        as(ACCT).header("Idempotency-Key", key).body(json("{'name': 'other', 'tunnels': [{'customerGatewayId': '"
                        + cgwA + "'}, {'customerGatewayId': '" + cgwB + "'}]}"))
                .post("/v1/ipsec-connections").then().statusCode(422).body("code", equalTo("Conflict.IdempotencyKeyReused"));
        as(ACCT).queryParam("name", "to-dc").queryParam("limit", 100).get("/v1/ipsec-connections")
                .then().statusCode(200).body("items.findAll { it.id == '" + first + "' }", hasSize(1));
    }

    @Test
    void anotherAccountGets404Everywhere() {
        String id = created(dualBody());
        String other = "acct-other";
        as(other).get("/v1/ipsec-connections/" + id).then().statusCode(404).body("code", equalTo("NotFound.IpsecConnection"));
        as(other).body("{}").patch("/v1/ipsec-connections/" + id).then().statusCode(404);
        as(other).delete("/v1/ipsec-connections/" + id).then().statusCode(404);
        as(other).get("/v1/ipsec-connections/" + id + "/peer-config").then().statusCode(404);
        as(other).get("/v1/ipsec-connections/" + id + "/grants").then().statusCode(404);
        as(other).body(json("{'enabled': false}")).put("/v1/ipsec-connections/" + id + "/bgp").then().statusCode(404);
        as(other).get("/v1/ipsec-connections").then().statusCode(200).body("items.id", not(hasItem(id)));
        // and another account's customer gateway does not exist for this one
        String foreignCgw = Api.customerGateway(other, "198.51.100.9", null);
        create(json("{'tunnels': [{'customerGatewayId': '" + foreignCgw + "'}, {'customerGatewayId': '" + cgwB + "'}]}"))
                .statusCode(400).body("code", equalTo("InvalidParameter.CustomerGatewayId"));
    }

    @Test
    void changingOneTunnelLeavesTheOtherUntouched() {
        // REQ-MOD-003
        String id = created(dualBody());
        var before = as(ACCT).get("/v1/ipsec-connections/" + id).then().extract();
        String second = before.path("tunnels[1].id");
        as(ACCT).body(json("{'ike': {'encryption': 'aes256', 'version': 'ikev1'}, 'preSharedKey': 'N3w-key!',"
                        + " 'healthCheck': {'enabled': true, 'destinationIp': '192.168.0.1', 'sourceIp': '10.0.0.1'}}"))
                .patch("/v1/ipsec-connections/" + id + "/tunnels/" + second)
                .then().statusCode(200).header("ETag", "\"2\"")
                .body("tunnels[1].ike.encryption", equalTo("aes256"))
                .body("tunnels[1].dpd.timeoutSeconds", equalTo(30))
                .body("tunnels[1].healthCheck.enabled", equalTo(true));
        var after = as(ACCT).get("/v1/ipsec-connections/" + id).then().extract();
        assertThat((Object) after.path("tunnels[0]")).isEqualTo(before.path("tunnels[0]"));
        as(ACCT).get("/v1/ipsec-connections/" + id + "/tunnels/" + second + "/pre-shared-key")
                .then().body("preSharedKey", equalTo("N3w-key!"));
        as(ACCT).body("{}").patch("/v1/ipsec-connections/" + id + "/tunnels/tun-nope")
                .then().statusCode(404).body("code", equalTo("NotFound.Tunnel"));
        // REQ-CONN-003: gateway type never changes
        as(ACCT).body(json("{'gatewayType': 'private'}")).patch("/v1/ipsec-connections/" + id)
                .then().statusCode(400).body("code", equalTo("OperationDenied.GatewayTypeImmutable"));
    }

    @Test
    void bgpIsSwitchedOnAndOffAfterCreation() {
        // REQ-TUN-010, REQ-TUN-008, REQ-TUN-009
        String id = created(dualBody());
        as(ACCT).body(json("{'enabled': true}")).put("/v1/ipsec-connections/" + id + "/bgp")
                .then().statusCode(400).body("errors.code", hasItem("MissingParameter.TunnelBgp"));
        as(ACCT).body(json("{'enabled': true, 'tunnels': [{'bgp': {'tunnelCidr': '169.254.10.0/30', 'localBgpIp': '169.254.10.1'}},"
                        + " {'bgp': {'tunnelCidr': '169.254.10.0/30', 'localBgpIp': '169.254.10.2'}}]}"))
                .put("/v1/ipsec-connections/" + id + "/bgp")
                .then().statusCode(400).body("code", equalTo("InvalidParameter.DuplicateTunnelCidr"))
                .body("field", equalTo("tunnels[1].bgp.tunnelCidr"));
        as(ACCT).body(json("{'enabled': true, 'localAsn': 65001, 'tunnels': [{'bgp': {'tunnelCidr': '169.254.10.0/30',"
                        + " 'localBgpIp': '169.254.10.1'}}, {'bgp': {'tunnelCidr': '169.254.11.0/30', 'localBgpIp': '169.254.11.1'}}]}"))
                .put("/v1/ipsec-connections/" + id + "/bgp")
                .then().statusCode(200).body("bgp.enabled", equalTo(true)).body("bgp.localAsn", equalTo(65001))
                .body("tunnels[1].bgp.tunnelCidr", equalTo("169.254.11.0/30"));
        as(ACCT).body(json("{'enabled': false}")).put("/v1/ipsec-connections/" + id + "/bgp")
                .then().statusCode(200).body("bgp.enabled", equalTo(false));
    }

    @Test
    void attachedConnectionsMustBeDetachedBeforeDeleteAndGrantChanges() {
        // REQ-CONN-002, REQ-MOD-004, REQ-MOD-005, REQ-MOD-001
        String id = created(dualBody());
        as(ACCT).body(json("{'peerAccountId': 'acct-peer', 'cenInstanceId': 'cen-peer'}"))
                .post("/v1/ipsec-connections/" + id + "/grants")
                .then().statusCode(201).body("payer", equalTo("cen-owner"));
        as(ACCT).get("/v1/ipsec-connections/" + id + "/grants").then().statusCode(200)
                .body("items[0].peerAccountId", equalTo("acct-peer"));
        // the granted account attaches its own transit router
        as("acct-peer").body(json("{'type': 'transit-router', 'cenInstanceId': 'cen-peer', 'transitRouterId': 'tr-peer', 'zone': 'z1'}"))
                .post("/v1/ipsec-connections/" + id + "/attachment")
                .then().statusCode(200).body("attachment.transitRouterId", equalTo("tr-peer"));
        as(ACCT).delete("/v1/ipsec-connections/" + id).then().statusCode(409)
                .body("code", equalTo("IncorrectStatus.Attached")).body("detail", containsString("tr-peer"));
        as(ACCT).queryParam("peerAccountId", "acct-peer").queryParam("cenInstanceId", "cen-peer")
                .delete("/v1/ipsec-connections/" + id + "/grants").then().statusCode(409);
        // REQ-MOD-001: the gateway type stays, crypto changes go through
        as(ACCT).body(json("{'gatewayType': 'private'}")).patch("/v1/ipsec-connections/" + id).then().statusCode(400);
        as(ACCT).delete("/v1/ipsec-connections/" + id + "/attachment").then().statusCode(200)
                .body("attachment.type", equalTo("none"));
        as(ACCT).queryParam("peerAccountId", "acct-peer").queryParam("cenInstanceId", "cen-peer")
                .delete("/v1/ipsec-connections/" + id + "/grants").then().statusCode(204);
        as(ACCT).delete("/v1/ipsec-connections/" + id).then().statusCode(204);
        as(ACCT).get("/v1/ipsec-connections/" + id).then().statusCode(404);
    }

    @Test
    void aCustomerGatewayInUseCannotBeDeleted() {
        // REQ-CGW-003
        String id = created(dualBody());
        as(ACCT).delete("/v1/customer-gateways/" + cgwA).then().statusCode(409)
                .body("code", equalTo("DependencyViolation.CustomerGatewayInUse")).body("detail", containsString(id));
        as(ACCT).delete("/v1/ipsec-connections/" + id).then().statusCode(204);
        as(ACCT).delete("/v1/customer-gateways/" + cgwA).then().statusCode(204);
    }

    @Test
    void oneVpnGatewayPerVpcAndItsConnectionsKeepItAlive() {
        // REQ-B-001
        String vpc = "vpc-" + System.nanoTime();
        String gw = as(ACCT).body(json("{'name': 'gw', 'vpcId': '" + vpc + "'}")).post("/v1/vpn-gateways")
                .then().statusCode(201).body("vpcId", equalTo(vpc)).extract().path("id");
        as(ACCT).body(json("{'name': 'gw2', 'vpcId': '" + vpc + "'}")).post("/v1/vpn-gateways")
                .then().statusCode(409).body("code", equalTo("Conflict.VpnGatewayPerVpc")).body("field", equalTo("vpcId"));
        as("acct-elsewhere").body(json("{'vpcId': '" + vpc + "'}")).post("/v1/vpn-gateways").then().statusCode(201);
        String conn = created(json("{'tunnelMode': 'single', 'attachment': {'type': 'vpn-gateway', 'vpnGatewayId': '" + gw + "'},"
                + " 'tunnels': [{'customerGatewayId': '" + cgwA + "'}]}"));
        as(ACCT).delete("/v1/vpn-gateways/" + gw).then().statusCode(409)
                .body("code", equalTo("DependencyViolation.VpnGatewayInUse")).body("detail", containsString(conn));
        as(ACCT).body(json("{'name': 'renamed'}")).patch("/v1/vpn-gateways/" + gw).then().statusCode(200)
                .body("name", equalTo("renamed"));
    }

    @Test
    void eventsReachKafkaWithCloudEventsHeadersAndOnlyTransitSealedKeys() throws Exception {
        String id = created(dualBody());
        String first = as(ACCT).get("/v1/ipsec-connections/" + id).then()
                .body("tunnels[0].transitSealedPreSharedKey", equalTo(null)).extract().path("tunnels[0].id");
        String second = as(ACCT).get("/v1/ipsec-connections/" + id).then().extract().path("tunnels[1].id");
        String generated = as(ACCT).get("/v1/ipsec-connections/" + id + "/tunnels/" + second + "/pre-shared-key")
                .then().extract().path("preSharedKey");
        as(ACCT).body(json("{'preSharedKey': 'Rotated-42'}")).patch("/v1/ipsec-connections/" + id + "/tunnels/" + second)
                .then().statusCode(200).body("tunnels[1].transitSealedPreSharedKey", equalTo(null));
        as(ACCT).body(json("{'name': 'renamed'}")).patch("/v1/ipsec-connections/" + id).then().statusCode(200);
        List<ConsumerRecord<String, byte[]>> records = TopicReader.await(Topics.CONNECTIONS,
                r -> id.equals(r.key()), 3, Duration.ofSeconds(30));
        assertThat(records).hasSize(3);
        ConsumerRecord<String, byte[]> createdEvent = records.get(0);
        assertThat(TopicReader.header(createdEvent, CloudEventHeaders.TYPE)).isEqualTo("io.vpnplane.ipsec-connection.created.v1");
        assertThat(TopicReader.header(createdEvent, CloudEventHeaders.SOURCE)).isEqualTo("/vpnplane/connection-service");
        assertThat(TopicReader.header(createdEvent, CloudEventHeaders.SUBJECT)).isEqualTo(id);
        assertThat(TopicReader.header(createdEvent, CloudEventHeaders.ACCOUNT)).isEqualTo(ACCT);
        assertThat(TopicReader.header(createdEvent, CloudEventHeaders.SPECVERSION)).isEqualTo("1.0");
        assertThat(TopicReader.header(records.get(1), CloudEventHeaders.TYPE))
                .isEqualTo("io.vpnplane.ipsec-connection.tunnel-changed.v1");
        assertThat(TopicReader.header(records.get(2), CloudEventHeaders.TYPE))
                .isEqualTo("io.vpnplane.ipsec-connection.updated.v1");
        String created = new String(createdEvent.value(), StandardCharsets.UTF_8);
        assertThat(created).contains("\"tunnelMode\":\"dual\"").contains("\"customerGatewayIp\":\"203.0.113.10\"");
        for (ConsumerRecord<String, byte[]> record : records) {
            String everything = new String(record.value(), StandardCharsets.UTF_8)
                    + record.headers().toString();
            // REQ-TUN-002: no plain key, given, generated or rotated, ever travels in an event
            assertThat(everything).doesNotContain("fddsFF123abc").doesNotContain(generated).doesNotContain("Rotated-42")
                    .doesNotContain("\"preSharedKey\":");
        }
        assertThat(new String(records.get(1).value(), StandardCharsets.UTF_8))
                .contains("\"changed\":[\"preSharedKey\"]").contains("\"preSharedKeyVersion\":2");

        // docs/architecture.md "Secrets": each tunnel carries its key sealed for tunnel-service, bound to the tunnel
        // and key version; later events (the rename) carry the value as it was sealed, without a new key
        assertThat(opened(createdEvent, 0, first, 1)).isEqualTo("fddsFF123abc");
        assertThat(opened(createdEvent, 1, second, 1)).isEqualTo(generated);
        assertThat(opened(records.get(1), 0, first, 1)).isEqualTo("fddsFF123abc");
        assertThat(opened(records.get(1), 1, second, 2)).isEqualTo("Rotated-42");
        assertThat(sealedKeys(records.get(2))).isEqualTo(sealedKeys(records.get(1)));
        assertThat(sealedKeys(records.get(1)).get(0)).isEqualTo(sealedKeys(createdEvent).get(0));
    }

    private static List<String> sealedKeys(ConsumerRecord<String, byte[]> record) throws Exception {
        List<String> sealed = new java.util.ArrayList<>();
        EventJson.mapper().readTree(record.value()).path("connection").path("tunnels")
                .forEach(t -> sealed.add(t.path("transitSealedPreSharedKey").textValue()));
        return sealed;
    }

    private static String opened(ConsumerRecord<String, byte[]> record, int tunnel, String tunnelId, int keyVersion)
            throws Exception {
        return new String(TRANSIT.open(tunnelId, keyVersion, sealedKeys(record).get(tunnel)), StandardCharsets.UTF_8);
    }

    @Test
    void listFiltersByTagAndPages() {
        String tag = "t" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            create(json("{'name': 'listed', 'tags': {'batch': '" + tag + "'}, 'tunnels': [{'customerGatewayId': '" + cgwA
                    + "'}, {'customerGatewayId': '" + cgwB + "'}]}")).statusCode(201);
        }
        String token = as(ACCT).queryParam("tag", "batch=" + tag).queryParam("limit", 2).get("/v1/ipsec-connections")
                .then().statusCode(200).body("items", hasSize(2)).body("nextPageToken", notNullValue())
                .extract().path("nextPageToken");
        as(ACCT).queryParam("tag", "batch=" + tag).queryParam("limit", 2).queryParam("pageToken", token)
                .get("/v1/ipsec-connections").then().statusCode(200).body("items", hasSize(1))
                .body("nextPageToken", equalTo(null));
    }

    @Test
    void peerConfigIsLoadedByARealStrongSwan() throws Exception {
        // REQ-PEER-001
        String id = created(dualBody());
        String conf = as(ACCT).queryParam("format", "strongswan").queryParam("encap", true)
                .get("/v1/ipsec-connections/" + id + "/peer-config")
                .then().statusCode(200).contentType(containsString("text/plain"))
                .header("Content-Disposition", containsString(id + ".swanctl.conf"))
                .extract().asString();
        assertThat(conf).contains("secret = \"fddsFF123abc\"").contains("encap = yes").contains("local_addrs = 203.0.113.10");
        as(ACCT).queryParam("format", "cisco-asa").get("/v1/ipsec-connections/" + id + "/peer-config")
                .then().statusCode(200).body(containsString("crypto ikev2 policy 10"))
                .body(containsString("pre-shared-key fddsFF123abc"));
        as(ACCT).queryParam("format", "juniper").get("/v1/ipsec-connections/" + id + "/peer-config")
                .then().statusCode(400).body("code", equalTo("InvalidParameter.Format")).body("field", equalTo("format"));
        org.junit.jupiter.api.Assumptions.assumeTrue(io.vpnplane.connection.peerconfig.StrongSwanDaemon.available(),
                "needs root and strongSwan");
        try (var charon = io.vpnplane.connection.peerconfig.StrongSwanDaemon.start()) {
            var result = charon.loadAll(conf);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("successfully loaded 2 connections, 0 unloaded");
        }
    }

    @Test
    void peerConfigNamesTheGatewayIpTunnelServicePlacedTheTunnelOn() throws Exception {
        // REQ-PEER-001, REQ-TUN-012: the IP comes from tunnel-service's TunnelPlaced on vpn.tunnels (real Kafka)
        String id = created(dualBody());
        List<String> tunnels = as(ACCT).get("/v1/ipsec-connections/" + id).then().extract().path("tunnels.id");
        try (var producer = new ContractEventProducer()) {
            producer.publish(ACCT, tunnels.get(0), new TunnelPlaced(tunnels.get(0), id, "gw-a-1",
                    "zone-a", "198.51.100.7", "connection created"));
            producer.publish(ACCT, tunnels.get(1), new TunnelPlacementPending(tunnels.get(1), id,
                    "no healthy gateway node in a zone other than zone-a"));
        }
        Eventually.await(Duration.ofSeconds(30), () -> as(ACCT)
                .get("/v1/ipsec-connections/" + id + "/peer-config").asString().contains("remote_addrs = 198.51.100.7"));
        String conf = as(ACCT).get("/v1/ipsec-connections/" + id + "/peer-config").asString();
        assertThat(conf).contains("remote_addrs = %any").contains("assigned when the tunnel is placed");
        as(ACCT).queryParam("format", "cisco-asa").get("/v1/ipsec-connections/" + id + "/peer-config")
                .then().statusCode(200).body(containsString("tunnel destination 198.51.100.7"))
                .body(containsString("tunnel destination CLOUD_GATEWAY_IP_2"));
    }
}
