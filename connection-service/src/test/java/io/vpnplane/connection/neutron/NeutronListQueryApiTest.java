package io.vpnplane.connection.neutron;

import static io.vpnplane.connection.api.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vpnplane.testkit.KafkaAndPostgres;

/** Neutron's list filters, fields and paging on every /v2.0/vpn/ resource (issue 10). */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @io.quarkus.test.common.ResourceArg(name = "prefix", value = "connsvc"))
class NeutronListQueryApiTest {

    private static final String ACCT = "acct-nlq";

    @Test
    void filtersKeepTheItemsWithOneOfTheValuesOfEachAttribute() {
        NeutronFixture.Site site = NeutronFixture.site(ACCT, "vpc-nlq");
        String a = site.createSite("203.0.113.100", "'name': 'alpha', 'initiator': 'response-only'");
        String b = site.createSite("203.0.113.101", "'name': 'beta'");
        as(ACCT).get(NeutronFixture.SITES + "?name=alpha").then().statusCode(200)
                .body("ipsec_site_connections.id", equalTo(List.of(a)));
        as(ACCT).get(NeutronFixture.SITES + "?name=alpha&name=beta&status=PENDING_CREATE").then()
                .body("ipsec_site_connections", hasSize(2));
        as(ACCT).get(NeutronFixture.SITES + "?name=beta&initiator=response-only").then()
                .body("ipsec_site_connections", hasSize(0));
        as(ACCT).get(NeutronFixture.SITES + "?status=ACTIVE").then().body("ipsec_site_connections", hasSize(0));
        as(ACCT).get(NeutronFixture.SITES + "?id=" + b + "&tenant_id=" + ACCT + "&admin_state_up=True").then()
                .body("ipsec_site_connections.id", equalTo(List.of(b)));
        as(ACCT).get("/v2.0/vpn/ikepolicies?id=" + site.ikePolicy() + "&fields=id").then()
                .body("ikepolicies", equalTo(List.of(java.util.Map.of("id", site.ikePolicy()))));
        as(ACCT).get(NeutronFixture.SITES + "?colour=red").then().statusCode(400)
                .body("NeutronError.message", equalTo("[colour] is invalid attribute for filtering"));
        as(ACCT).get(NeutronFixture.SITES + "?dpd=hold").then().statusCode(400);
    }

    @Test
    void fieldsKeepOnlyTheAskedAttributesOnListsAndShows() {
        NeutronFixture.Site site = NeutronFixture.site(ACCT + "-f", "vpc-nlq-f");
        as(ACCT + "-f").get("/v2.0/vpn/vpnservices?fields=id&fields=router_id").then().statusCode(200)
                .body("vpnservices[0].router_id", equalTo("vpc-nlq-f"))
                .body("vpnservices[0]", not(hasKey("name")));
        as(ACCT + "-f").get("/v2.0/vpn/endpoint-groups/" + site.peerGroup() + "?fields=endpoints").then()
                .body("endpoint_group.endpoints", equalTo(List.of("192.168.80.0/24")))
                .body("endpoint_group", not(hasKey("id")));
    }

    @Test
    void limitAndMarkerPageInIdOrderWithANextLink() {
        String account = ACCT + "-p";
        for (int i = 0; i < 3; i++) {
            NeutronFixture.create(account, "/v2.0/vpn/ipsecpolicies", "ipsecpolicy", "{'name': 'p" + i + "'}");
        }
        List<String> all = as(account).get("/v2.0/vpn/ipsecpolicies").then().extract().path("ipsecpolicies.id");
        List<String> sorted = all.stream().sorted().toList();
        String next = as(account).get("/v2.0/vpn/ipsecpolicies?limit=2").then().statusCode(200)
                .body("ipsecpolicies.id", equalTo(sorted.subList(0, 2)))
                .body("ipsecpolicies_links[0].rel", equalTo("next"))
                .body("ipsecpolicies_links[0].href", containsString("marker=" + sorted.get(1)))
                .extract().path("ipsecpolicies_links[0].href");
        as(account).get(next.substring(next.indexOf("/v2.0/"))).then()
                .body("ipsecpolicies.id", equalTo(sorted.subList(2, 3))).body("$", not(hasKey("ipsecpolicies_links")));
        as(account).get("/v2.0/vpn/ipsecpolicies?limit=x").then().statusCode(400);
    }

    @Test
    void aRouterIsTheVpcOfVpnServices() {
        // python-openstackclient looks the router up before it creates a VPN service on it
        as(ACCT + "-r").get("/v2.0/routers/vpc-any").then().statusCode(200).body("router.id", equalTo("vpc-any"));
        NeutronFixture.create(ACCT + "-r", "/v2.0/vpn/vpnservices", "vpnservice", "{'router_id': 'vpc-nlq-r'}");
        as(ACCT + "-r").get("/v2.0/routers").then().statusCode(200).body("routers.id", hasItem("vpc-nlq-r"));
        as(ACCT + "-r").get("/v2.0/routers?name=vpc-other").then().body("routers", hasSize(0));
    }
}
