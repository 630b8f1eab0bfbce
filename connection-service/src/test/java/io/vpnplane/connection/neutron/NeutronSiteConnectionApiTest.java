package io.vpnplane.connection.neutron;

import static io.vpnplane.connection.api.Api.as;
import static io.vpnplane.connection.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vpnplane.connection.api.Api;
import io.vpnplane.connection.placement.TunnelPlacementReadModel;
import io.vpnplane.events.tunnel.TunnelPlaced;
import io.vpnplane.events.tunnel.TunnelStatusChanged;
import io.vpnplane.events.tunnel.TunnelStatusChanged.NegotiationStatus;
import io.vpnplane.testkit.ContractEventProducer;
import io.vpnplane.testkit.Eventually;
import io.vpnplane.testkit.KafkaAndPostgres;

/** Neutron ipsec-site-connections as views of native single-tunnel connections (issue 10). */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @io.quarkus.test.common.ResourceArg(name = "prefix", value = "connsvc"))
class NeutronSiteConnectionApiTest {

    private static final String ACCT = "acct-nsc";
    private static final String SITES = "/v2.0/vpn/ipsec-site-connections";

    @Inject
    TunnelPlacementReadModel placements;

    @Inject
    Pool pool;

    @Test
    void aNativeSingleTunnelConnectionIsASiteConnectionWhoseStatusFollowsTheTunnel() throws Exception {
        String gw = as(ACCT).body(json("{'vpcId': 'vpc-nsc'}")).post("/v1/vpn-gateways").then().statusCode(201)
                .extract().path("id");
        String cgw = Api.customerGateway(ACCT, "203.0.113.70", null);
        String id = as(ACCT).body(json("{'name': 'site', 'tunnelMode': 'single', 'routingMode': 'policy',"
                        + " 'localCidrs': ['10.0.0.0/24'], 'remoteCidrs': ['192.168.70.0/24'],"
                        + " 'attachment': {'type': 'vpn-gateway', 'vpnGatewayId': '" + gw + "'},"
                        + " 'tunnels': [{'customerGatewayId': '" + cgw + "'}]}"))
                .post("/v1/ipsec-connections").then().statusCode(201).extract().path("id");
        // REQ-B-008: not placed yet
        as(ACCT).get(SITES + "/" + id).then().statusCode(200)
                .body("ipsec_site_connection.vpnservice_id", equalTo(gw))
                .body("ipsec_site_connection.peer_address", equalTo("203.0.113.70"))
                .body("ipsec_site_connection.peer_id", equalTo("203.0.113.70"))
                .body("ipsec_site_connection.peer_cidrs", equalTo(List.of("192.168.70.0/24")))
                .body("ipsec_site_connection.auth_mode", equalTo("psk"))
                .body("ipsec_site_connection.tenant_id", equalTo(ACCT))
                .body("ipsec_site_connection.status", equalTo("PENDING_CREATE"));
        as(ACCT).get(SITES).then().statusCode(200).body("ipsec_site_connections.id", hasItem(id));
        as("acct-nsc-other").get(SITES + "/" + id).then().statusCode(404)
                .body("NeutronError.type", equalTo("IPsecSiteConnectionNotFound"));
        as("acct-nsc-other").get(SITES).then().statusCode(200).body("ipsec_site_connections.id", not(hasItem(id)));

        String tunnel = as(ACCT).get("/v1/ipsec-connections/" + id).then().extract().path("tunnels[0].id");
        try (var producer = new ContractEventProducer()) {
            producer.publish(ACCT, tunnel, new TunnelPlaced(tunnel, id, "gw-nsc-1", "zone-a", "198.51.100.70", "created"));
        }
        // REQ-B-008: placed but no SA known to be up → DOWN, never ACTIVE
        Eventually.await(Duration.ofSeconds(30), () -> "DOWN".equals(status(id)));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        try (var producer = new ContractEventProducer()) {
            producer.publish(ACCT, tunnel, changed(tunnel, id, NegotiationStatus.IKE_SA_ESTABLISHED, t0));
        }
        Eventually.await(Duration.ofSeconds(30), () -> statusRecorded(id, tunnel, "IKE_SA_ESTABLISHED"));
        // REQ-B-008: IKE SA alone is not ACTIVE
        assertThat(status(id)).isEqualTo("DOWN");
        try (var producer = new ContractEventProducer()) {
            producer.publish(ACCT, tunnel, changed(tunnel, id, NegotiationStatus.IPSEC_SA_ESTABLISHED, t0.plusSeconds(1)));
        }
        Eventually.await(Duration.ofSeconds(30), () -> "ACTIVE".equals(status(id)));
        try (var producer = new ContractEventProducer()) {
            // observed earlier than the SA coming up: stale, ignored
            producer.publish(ACCT, tunnel, changed(tunnel, id, NegotiationStatus.IPSEC_SA_NOT_ESTABLISHED, t0));
            producer.publish(ACCT, tunnel, changed(tunnel, id, NegotiationStatus.IKE_SA_NOT_ESTABLISHED, t0.plusSeconds(5)));
        }
        Eventually.await(Duration.ofSeconds(30), () -> "DOWN".equals(status(id)));
    }

    private static TunnelStatusChanged changed(String tunnel, String id, NegotiationStatus status, Instant at) {
        return new TunnelStatusChanged(tunnel, id, Optional.empty(), status, Optional.empty(), at);
    }

    private static String status(String id) {
        return as(ACCT).get(SITES + "/" + id).then().statusCode(200).extract().path("ipsec_site_connection.status");
    }

    /** Reads the projection, to know that a status which changes no Neutron status has been applied. */
    private boolean statusRecorded(String id, String tunnel, String status) {
        var placement = placements.ofConnection(pool, id).await().atMost(Duration.ofSeconds(10)).get(tunnel);
        return placement != null && placement.negotiationStatus().equals(Optional.of(status));
    }

    @Test
    void dualTunnelConnectionsHaveNoNeutronForm() {
        String cgw = Api.customerGateway(ACCT, "203.0.113.71", null);
        String cgw2 = Api.customerGateway(ACCT, "203.0.113.72", null);
        String gw = as(ACCT).body(json("{'vpcId': 'vpc-nsc-dual'}")).post("/v1/vpn-gateways").then().statusCode(201)
                .extract().path("id");
        String id = as(ACCT).body(json("{'attachment': {'type': 'vpn-gateway', 'vpnGatewayId': '" + gw + "'},"
                        + " 'tunnels': [{'customerGatewayId': '" + cgw + "'}, {'customerGatewayId': '" + cgw2 + "'}]}"))
                .post("/v1/ipsec-connections").then().statusCode(201).extract().path("id");
        as(ACCT).get(SITES + "/" + id).then().statusCode(404);
        as(ACCT).get(SITES).then().statusCode(200).body("ipsec_site_connections.id", not(hasItem(id)));
    }
}
