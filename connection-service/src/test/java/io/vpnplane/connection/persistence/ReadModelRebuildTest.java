package io.vpnplane.connection.persistence;

import static io.vpnplane.connection.api.Api.as;
import static io.vpnplane.connection.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vpnplane.connection.api.Api;
import io.vpnplane.eventsourcing.EventStore;
import io.vpnplane.eventsourcing.ProjectionRebuilder;
import io.vpnplane.testkit.KafkaAndPostgres;

/** The read models are a pure function of the events: replaying them gives the same rows. */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @ResourceArg(name = "prefix", value = "connsvc"))
class ReadModelRebuildTest {

    @Inject
    Pool pool;

    @Inject
    EventStore store;

    @Inject
    ConnectionReadModel readModel;

    @Test
    void rebuildingFromEventsGivesTheSameRows() {
        String account = "acct-rebuild";
        String cgw = Api.customerGateway(account, "203.0.113.50", 65010L);
        String gone = Api.customerGateway(account, "203.0.113.51", null);
        as(account).delete("/v1/customer-gateways/" + gone).then().statusCode(204);
        as(account).body(json("{'vpcId': 'vpc-rebuild'}")).post("/v1/vpn-gateways").then().statusCode(201);
        String id = as(account).body(json("{'tunnelMode': 'single', 'tunnels': [{'customerGatewayId': '" + cgw + "'}]}"))
                .post("/v1/ipsec-connections").then().statusCode(201).extract().path("id");
        as(account).body(json("{'name': 'renamed', 'tags': {'k': 'v'}}")).patch("/v1/ipsec-connections/" + id)
                .then().statusCode(200);
        List<String> before = rows();

        ProjectionRebuilder.Result result = new ProjectionRebuilder(store, 2, Clock.systemUTC())
                .rebuild(pool, readModel).await().atMost(Duration.ofSeconds(30));

        assertThat(result.eventsReplayed()).isGreaterThanOrEqualTo(6);
        assertThat(rows()).isEqualTo(before).anyMatch(r -> r.contains(id) && r.contains("renamed"))
                .noneMatch(r -> r.contains(gone));
    }

    private List<String> rows() {
        List<String> rows = new ArrayList<>();
        for (String table : List.of("customer_gateway", "vpn_gateway", "ipsec_connection")) {
            pool.query("SELECT id, account_id, name, version, created_at, updated_at, state::text AS state FROM " + table
                            + " ORDER BY id")
                    .execute().await().atMost(Duration.ofSeconds(10))
                    .forEach(r -> rows.add(table + " " + r.toJson().encode()));
        }
        return rows;
    }
}
