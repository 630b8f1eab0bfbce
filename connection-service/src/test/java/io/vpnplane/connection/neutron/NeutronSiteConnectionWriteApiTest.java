package io.vpnplane.connection.neutron;

import static io.vpnplane.connection.api.Api.as;
import static io.vpnplane.connection.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.connection.api.TopicReader;
import io.vpnplane.events.Topics;
import io.vpnplane.testkit.KafkaAndPostgres;

/** Writing Neutron ipsec-site-connections on the native IPsec connection aggregate (issue 10). */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @io.quarkus.test.common.ResourceArg(name = "prefix", value = "connsvc"))
class NeutronSiteConnectionWriteApiTest {

    private static final String SITES = NeutronFixture.SITES;
    private static final String CONNECTIONS = "/v1/ipsec-connections/";

    @Inject
    Pool pool;

    @Test
    void aSiteConnectionCreatedThroughNeutronIsANativeConnectionWithThePoliciesSettings() {
        NeutronFixture.Site site = NeutronFixture.site("acct-nw1", "vpc-nw1");
        String id = as("acct-nw1").body(site.body("203.0.113.80", "'name': 'to-dc', 'description': 'first',"
                        + " 'dpd': {'action': 'restart', 'interval': 15, 'timeout': 60}, 'initiator': 'response-only',"
                        + " 'local_id': 'vpn.example.com', 'mtu': '1500', 'admin_state_up': true, 'auth_mode': 'psk'"))
                .post(SITES).then().statusCode(201)
                .body("ipsec_site_connection.id", matchesPattern("[0-9a-f-]{36}"))
                .body("ipsec_site_connection.name", equalTo("to-dc"))
                .body("ipsec_site_connection.description", equalTo("first"))
                .body("ipsec_site_connection.vpnservice_id", equalTo(site.service()))
                .body("ipsec_site_connection.ikepolicy_id", equalTo(site.ikePolicy()))
                .body("ipsec_site_connection.ipsecpolicy_id", equalTo(site.ipsecPolicy()))
                .body("ipsec_site_connection.local_ep_group_id", equalTo(site.localGroup()))
                .body("ipsec_site_connection.peer_ep_group_id", equalTo(site.peerGroup()))
                .body("ipsec_site_connection.peer_cidrs", equalTo(List.of()))
                .body("ipsec_site_connection.peer_address", equalTo("203.0.113.80"))
                .body("ipsec_site_connection.peer_id", equalTo("203.0.113.80"))
                .body("ipsec_site_connection.local_id", equalTo("vpn.example.com"))
                .body("ipsec_site_connection.initiator", equalTo("response-only"))
                .body("ipsec_site_connection.dpd.action", equalTo("restart"))
                .body("ipsec_site_connection.dpd.interval", equalTo(15))
                .body("ipsec_site_connection.dpd.timeout", equalTo(60))
                .body("ipsec_site_connection.mtu", equalTo(1500))
                .body("ipsec_site_connection.auth_mode", equalTo("psk"))
                .body("ipsec_site_connection.status", equalTo("PENDING_CREATE"))
                .body("ipsec_site_connection", not(hasKey("psk")))
                .extract().path("ipsec_site_connection.id");
        // The same aggregate, natively: the policies' settings in the tunnel, the endpoint groups' CIDRs.
        String tunnel = as("acct-nw1").get(CONNECTIONS + id).then().statusCode(200)
                .body("name", equalTo("to-dc")).body("tunnelMode", equalTo("single"))
                .body("routingMode", equalTo("policy"))
                .body("localCidrs", equalTo(List.of("10.1.0.0/24"))).body("remoteCidrs", equalTo(List.of("192.168.80.0/24")))
                .body("initiator", equalTo("response-only"))
                .body("attachment.type", equalTo("vpn-gateway")).body("attachment.vpnGatewayId", equalTo(site.service()))
                .body("tunnels[0].ike.version", equalTo("ikev1")).body("tunnels[0].ike.mode", equalTo("main"))
                .body("tunnels[0].ike.encryption", equalTo("aes256")).body("tunnels[0].ike.integrity", equalTo("sha256"))
                .body("tunnels[0].ike.dhGroup", equalTo("group14")).body("tunnels[0].ike.lifetimeSeconds", equalTo(28800))
                .body("tunnels[0].ike.localId", equalTo("vpn.example.com"))
                .body("tunnels[0].ike.remoteId", equalTo("203.0.113.80"))
                .body("tunnels[0].ipsec.encryption", equalTo("aes192")).body("tunnels[0].ipsec.integrity", equalTo("sha256"))
                .body("tunnels[0].ipsec.dhGroup", equalTo("group14")).body("tunnels[0].ipsec.lifetimeSeconds", equalTo(1800))
                .body("tunnels[0].dpd.enabled", equalTo(true)).body("tunnels[0].dpd.action", equalTo("restart"))
                .body("tunnels[0].dpd.intervalSeconds", equalTo(15)).body("tunnels[0].dpd.timeoutSeconds", equalTo(60))
                .body("neutron.ikePolicyId", equalTo(site.ikePolicy()))
                .extract().path("tunnels[0].id");
        as("acct-nw1").get(CONNECTIONS + id + "/tunnels/" + tunnel + "/pre-shared-key").then().statusCode(200)
                .body("preSharedKey", equalTo("secret-psk-1"));
        // The peer became a customer gateway of the project.
        String cgw = as("acct-nw1").get(CONNECTIONS + id).then().extract().path("tunnels[0].customerGatewayId");
        as("acct-nw1").get("/v1/customer-gateways/" + cgw).then().statusCode(200)
                .body("ipAddress", equalTo("203.0.113.80"));
        // ...and it is published like any connection.
        var records = TopicReader.await(Topics.CONNECTIONS, r -> id.equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(records).isNotEmpty();
        assertThat(TopicReader.header(records.getFirst(), "ce_type")).isEqualTo("io.vpnplane.ipsec-connection.created.v1");
    }

    @Test
    void reqB003DpdIsHoldOrRestartWithIntervalAtLeastOneAndTimeoutAboveIt() {
        NeutronFixture.Site site = NeutronFixture.site("acct-nw2", "vpc-nw2");
        // REQ-B-003 defaults: hold, 30 s, 120 s
        String id = site.createSite("203.0.113.81", "");
        as("acct-nw2").get(SITES + "/" + id).then().body("ipsec_site_connection.dpd.action", equalTo("hold"))
                .body("ipsec_site_connection.dpd.interval", equalTo(30)).body("ipsec_site_connection.dpd.timeout", equalTo(120));
        as("acct-nw2").get(CONNECTIONS + id).then().body("tunnels[0].dpd.action", equalTo("hold"))
                .body("tunnels[0].dpd.intervalSeconds", equalTo(30)).body("tunnels[0].dpd.timeoutSeconds", equalTo(120));
        as("acct-nw2").body(site.body("203.0.113.81", "'dpd': {'action': 'hold', 'interval': 1, 'timeout': 2}"))
                .post(SITES).then().statusCode(201).body("ipsec_site_connection.dpd.interval", equalTo(1));
        // beyond the seed, as the native API runs them: clear, and disabled
        as("acct-nw2").body(site.body("203.0.113.81", "'dpd': {'action': 'disabled'}")).post(SITES)
                .then().statusCode(201).body("ipsec_site_connection.dpd.action", equalTo("disabled"));
        as("acct-nw2").body(site.body("203.0.113.81", "'dpd': {'action': 'clear'}")).post(SITES).then().statusCode(201);
        refused(site, "'dpd': {'action': 'restart-by-peer'}", "IpsecValidationFailure", "restart-by-peer");
        refused(site, "'dpd': {'action': 'wait'}", "HTTPBadRequest", "'wait' is not in");
        refused(site, "'dpd': {'interval': 0}", "HTTPBadRequest", "interval 0");
        refused(site, "'dpd': {'interval': 30, 'timeout': 30}", "IPsecSiteConnectionDpdIntervalValueError",
                "dpd_timeout is equal to or less than dpd_interval");
        refused(site, "'dpd': {'interval': 200}", "IPsecSiteConnectionDpdIntervalValueError", "dpd_timeout");
        refused(site, "'dpd': {'when': 1}", "HTTPBadRequest", "dpd");
        // an update is checked against the DPD it merges with
        as("acct-nw2").body(json("{'ipsec_site_connection': {'dpd': {'interval': 120}}}")).put(SITES + "/" + id)
                .then().statusCode(400).body("NeutronError.type", equalTo("IPsecSiteConnectionDpdIntervalValueError"));
        as("acct-nw2").body(json("{'ipsec_site_connection': {'dpd': {'action': 'restart', 'timeout': 90}}}"))
                .put(SITES + "/" + id).then().statusCode(200).body("ipsec_site_connection.dpd.action", equalTo("restart"))
                .body("ipsec_site_connection.dpd.interval", equalTo(30)).body("ipsec_site_connection.dpd.timeout", equalTo(90));
    }

    @Test
    void reqB004InitiatorIsBidirectionalByDefaultOrResponseOnly() {
        NeutronFixture.Site site = NeutronFixture.site("acct-nw3", "vpc-nw3");
        String id = site.createSite("203.0.113.82", "");
        as("acct-nw3").get(SITES + "/" + id).then().body("ipsec_site_connection.initiator", equalTo("bi-directional"));
        as("acct-nw3").get(CONNECTIONS + id).then().body("initiator", equalTo("bi-directional"));
        as("acct-nw3").body(json("{'ipsec_site_connection': {'initiator': 'response-only'}}")).put(SITES + "/" + id)
                .then().statusCode(200).body("ipsec_site_connection.initiator", equalTo("response-only"));
        as("acct-nw3").get(CONNECTIONS + id).then().body("initiator", equalTo("response-only"));
        refused(site, "'initiator': 'passive'", "HTTPBadRequest",
                "'passive' is not in ['bi-directional', 'response-only']");
    }

    @Test
    void reqB001OneLocalAndOnePeerSubnetWithIkev1AndMoreWithIkev2() {
        NeutronFixture.Site v1 = NeutronFixture.site("acct-nw4", "vpc-nw4", "{}", "['10.4.0.0/24', '10.4.1.0/24']",
                "['192.168.4.0/24']");
        refused(v1, "", "HTTPBadRequest", "Invalid input for local_ep_group_id");
        // IKEv2 (beyond the seed, REQ-CONN-006): several CIDRs per side
        String ikev2 = NeutronFixture.create("acct-nw4", "/v2.0/vpn/ikepolicies", "ikepolicy", "{'ike_version': 'v2'}");
        String id = as("acct-nw4").body(v1.body("203.0.113.83", "").replace(v1.ikePolicy(), ikev2)).post(SITES)
                .then().statusCode(201).extract().path("ipsec_site_connection.id");
        as("acct-nw4").get(CONNECTIONS + id).then().body("localCidrs", equalTo(List.of("10.4.0.0/24", "10.4.1.0/24")))
                .body("tunnels[0].ike.version", equalTo("ikev2"));
    }

    @Test
    void reqB002PreSharedKeysOnlyAndNeutronsRequiredAttributes() {
        NeutronFixture.Site site = NeutronFixture.site("acct-nw5", "vpc-nw5");
        refused(site, "'auth_mode': 'cert'", "HTTPBadRequest", "'cert' is not in ['psk']");
        as("acct-nw5").body(site.body("203.0.113.84", "").replace("'psk': 'secret-psk-1'".replace('\'', '"'),
                        "\"psk\": null")).post(SITES)
                .then().statusCode(400).body("NeutronError.message", containsString("Required attribute 'psk' not specified"));
        // REQ-TUN-002 on a Neutron key: refused under Neutron's attribute name
        as("acct-nw5").body(site.body("203.0.113.84", "").replace("secret-psk-1", "has space")).post(SITES)
                .then().statusCode(400).body("NeutronError.message", containsString("Invalid input for psk"));
        refused(site, "'peer_cidrs': ['192.168.9.0/24']", "PeerCidrsInvalid",
                "Peer CIDRs cannot be specified, when using endpoint groups");
        as("acct-nw5").body(site.body("203.0.113.84", "").replace(", \"peer_ep_group_id\": \"" + site.peerGroup() + "\"", ""))
                .post(SITES).then().statusCode(400).body("NeutronError.type", equalTo("MissingRequiredEndpointGroup"));
        as("acct-nw5").body(site.body("203.0.113.84", "").replace(site.peerGroup(), site.localGroup())).post(SITES)
                .then().statusCode(400).body("NeutronError.type", equalTo("WrongEndpointGroupType"));
        as("acct-nw5").body(site.body("vpn.example.com", "")).post(SITES)
                .then().statusCode(400).body("NeutronError.type", equalTo("VPNPeerAddressNotResolved"));
        refused(site, "'mtu': 1400", "HTTPBadRequest", "mtu");
        refused(site, "'admin_state_up': false", "HTTPBadRequest", "admin_state_up");
        refused(site, "'colour': 'red'", "HTTPBadRequest", "Unrecognized attribute(s) 'colour'");
        as("acct-nw5").body(site.body("203.0.113.84", "").replace(site.service(), "vpngw-missing")).post(SITES)
                .then().statusCode(404).body("NeutronError.type", equalTo("VPNServiceNotFound"));
        as("acct-nw5").body(site.body("203.0.113.84", "").replace(site.ikePolicy(), "no-such-policy")).post(SITES)
                .then().statusCode(404).body("NeutronError.type", equalTo("IKEPolicyNotFound"));
        // another project's resources do not exist for this one
        as("acct-nw5-other").body(site.body("203.0.113.84", "")).post(SITES).then().statusCode(404);
    }

    private static void refused(NeutronFixture.Site site, String extra, String type, String message) {
        as(site.account()).body(site.body("203.0.113.89", extra)).post(SITES)
                .then().statusCode(400).body("NeutronError.type", equalTo(type))
                .body("NeutronError.message", containsString(message));
    }

    @Test
    void policiesEndpointGroupsAndServicesInUseStayUntilTheirSiteConnectionsGo() {
        NeutronFixture.Site site = NeutronFixture.site("acct-nw6", "vpc-nw6");
        String id = site.createSite("203.0.113.85", "");
        String cgw = as("acct-nw6").get(CONNECTIONS + id).then().extract().path("tunnels[0].customerGatewayId");
        as("acct-nw6").delete("/v2.0/vpn/ikepolicies/" + site.ikePolicy()).then().statusCode(409)
                .body("NeutronError.type", equalTo("IKEPolicyInUse"))
                .body("NeutronError.message", equalTo("IKEPolicy " + site.ikePolicy()
                        + " is in use by existing IPsecSiteConnection and can't be updated or deleted"));
        as("acct-nw6").body(json("{'ikepolicy': {'pfs': 'group2'}}")).put("/v2.0/vpn/ikepolicies/" + site.ikePolicy())
                .then().statusCode(409).body("NeutronError.type", equalTo("IKEPolicyInUse"));
        // a rename changes nothing a connection took from the policy
        as("acct-nw6").body(json("{'ikepolicy': {'name': 'renamed'}}")).put("/v2.0/vpn/ikepolicies/" + site.ikePolicy())
                .then().statusCode(200).body("ikepolicy.name", equalTo("renamed"));
        as("acct-nw6").delete("/v2.0/vpn/ipsecpolicies/" + site.ipsecPolicy()).then().statusCode(409)
                .body("NeutronError.type", equalTo("IPsecPolicyInUse"));
        as("acct-nw6").delete("/v2.0/vpn/endpoint-groups/" + site.peerGroup()).then().statusCode(400)
                .body("NeutronError.type", equalTo("EndpointGroupInUse"));
        as("acct-nw6").delete("/v2.0/vpn/vpnservices/" + site.service()).then().statusCode(409)
                .body("NeutronError.type", equalTo("VPNServiceInUse"));

        as("acct-nw6").delete(SITES + "/" + id).then().statusCode(204);
        as("acct-nw6").get(SITES + "/" + id).then().statusCode(404)
                .body("NeutronError.type", equalTo("IPsecSiteConnectionNotFound"));
        as("acct-nw6").get(CONNECTIONS + id).then().statusCode(404);
        // the customer gateway made for the peer went with its last connection
        as("acct-nw6").get("/v1/customer-gateways/" + cgw).then().statusCode(404);
        as("acct-nw6").delete("/v2.0/vpn/ikepolicies/" + site.ikePolicy()).then().statusCode(204);
        as("acct-nw6").delete("/v2.0/vpn/ipsecpolicies/" + site.ipsecPolicy()).then().statusCode(204);
        as("acct-nw6").delete("/v2.0/vpn/endpoint-groups/" + site.peerGroup()).then().statusCode(204);
        as("acct-nw6").delete("/v2.0/vpn/endpoint-groups/" + site.localGroup()).then().statusCode(204);
        as("acct-nw6").delete("/v2.0/vpn/vpnservices/" + site.service()).then().statusCode(204);
    }

    @Test
    void reqMod003ChangingOrDeletingOneSiteConnectionLeavesTheOthersOfItsServiceUntouched() {
        NeutronFixture.Site site = NeutronFixture.site("acct-nw7", "vpc-nw7");
        String changed = site.createSite("203.0.113.86", "'name': 'a'");
        String other = site.createSite("203.0.113.87", "'name': 'b'");
        long otherVersion = as("acct-nw7").get(CONNECTIONS + other).then().extract().<Integer>path("version");
        String otherUpdatedAt = as("acct-nw7").get(CONNECTIONS + other).then().extract().path("updatedAt");
        long otherEvents = events(other);
        long changedEvents = events(changed);

        as("acct-nw7").body(json("{'ipsec_site_connection': {'name': 'a2', 'description': 'moved',"
                        + " 'psk': 'another-psk-2', 'peer_address': '203.0.113.88', 'peer_id': '203.0.113.88',"
                        + " 'dpd': {'action': 'restart', 'interval': 10, 'timeout': 40}}}"))
                .put(SITES + "/" + changed).then().statusCode(200)
                .body("ipsec_site_connection.name", equalTo("a2"))
                .body("ipsec_site_connection.description", equalTo("moved"))
                .body("ipsec_site_connection.peer_address", equalTo("203.0.113.88"))
                .body("ipsec_site_connection.dpd.timeout", equalTo(40));
        // one event for the connection-level change, one for its tunnel
        assertThat(events(changed)).isEqualTo(changedEvents + 2);
        String tunnel = as("acct-nw7").get(CONNECTIONS + changed).then().extract().path("tunnels[0].id");
        as("acct-nw7").get(CONNECTIONS + changed + "/tunnels/" + tunnel + "/pre-shared-key").then()
                .body("preSharedKey", equalTo("another-psk-2"));
        as("acct-nw7").delete(SITES + "/" + changed).then().statusCode(204);

        // REQ-MOD-003: the other connection of the same VPN service saw nothing of it
        assertThat(events(other)).isEqualTo(otherEvents);
        as("acct-nw7").get(CONNECTIONS + other).then().statusCode(200)
                .body("version", equalTo((int) otherVersion)).body("updatedAt", equalTo(otherUpdatedAt));
        as("acct-nw7").get(SITES + "/" + other).then().statusCode(200).body("ipsec_site_connection.name", equalTo("b"));
    }

    @Test
    void updatesChangeWhatNeutronLetsChangeAndRefuseTheRest() {
        NeutronFixture.Site site = NeutronFixture.site("acct-nw8", "vpc-nw8");
        String id = site.createSite("203.0.113.90", "");
        String peerGroup = NeutronFixture.create("acct-nw8", "/v2.0/vpn/endpoint-groups", "endpoint_group",
                "{'type': 'cidr', 'endpoints': ['172.20.0.0/16']}");
        as("acct-nw8").body(json("{'ipsec_site_connection': {'peer_ep_group_id': '" + peerGroup + "', 'local_id': '',"
                        + " 'peer_id': 'peer.example.com'}}"))
                .put(SITES + "/" + id).then().statusCode(200)
                .body("ipsec_site_connection.peer_ep_group_id", equalTo(peerGroup))
                .body("ipsec_site_connection.local_ep_group_id", equalTo(site.localGroup()))
                .body("ipsec_site_connection.peer_id", equalTo("peer.example.com"));
        as("acct-nw8").get(CONNECTIONS + id).then().body("remoteCidrs", equalTo(List.of("172.20.0.0/16")))
                .body("tunnels[0].ike.remoteId", equalTo("peer.example.com"));
        // the old peer group is free again
        as("acct-nw8").delete("/v2.0/vpn/endpoint-groups/" + site.peerGroup()).then().statusCode(204);
        for (String fixed : new String[] {"'vpnservice_id': 'x'", "'ikepolicy_id': 'x'", "'ipsecpolicy_id': 'x'",
                "'tenant_id': 'acct-nw8'", "'status': 'ACTIVE'"}) {
            as("acct-nw8").body(json("{'ipsec_site_connection': {" + fixed + "}}")).put(SITES + "/" + id)
                    .then().statusCode(400).body("NeutronError.message", containsString("Cannot update read-only attribute"));
        }
        as("acct-nw8").body(json("{'ipsec_site_connection': {'peer_ep_group_id': null}}")).put(SITES + "/" + id)
                .then().statusCode(400);
        as("acct-nw8").body(json("{'ipsec_site_connection': {'name': 'x'}}")).put(SITES + "/no-such-connection")
                .then().statusCode(404).body("NeutronError.type", equalTo("IPsecSiteConnectionNotFound"));
        as("acct-nw8-other").body(json("{'ipsec_site_connection': {'name': 'x'}}")).put(SITES + "/" + id)
                .then().statusCode(404);
        as("acct-nw8-other").delete(SITES + "/" + id).then().statusCode(404);
    }

    @Test
    void aNativeChangeToTheTunnelsIkeSettingsEndsItsLinkToTheIkePolicy() {
        NeutronFixture.Site site = NeutronFixture.site("acct-nw9", "vpc-nw9");
        String id = site.createSite("203.0.113.91", "");
        String tunnel = as("acct-nw9").get(CONNECTIONS + id).then().extract().path("tunnels[0].id");
        as("acct-nw9").body(json("{'ike': {'encryption': 'aes'}}")).patch(CONNECTIONS + id + "/tunnels/" + tunnel)
                .then().statusCode(200);
        as("acct-nw9").get(SITES + "/" + id).then().statusCode(200)
                .body("ipsec_site_connection.ikepolicy_id", nullValue())
                .body("ipsec_site_connection.ipsecpolicy_id", equalTo(site.ipsecPolicy()));
        as("acct-nw9").delete("/v2.0/vpn/ikepolicies/" + site.ikePolicy()).then().statusCode(204);
        // a native rename keeps every link
        as("acct-nw9").body(json("{'name': 'renamed'}")).patch(CONNECTIONS + id).then().statusCode(200);
        as("acct-nw9").get(SITES + "/" + id).then().body("ipsec_site_connection.name", equalTo("renamed"))
                .body("ipsec_site_connection.local_ep_group_id", equalTo(site.localGroup()));
    }

    private long events(String connectionId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM es_event WHERE stream_category = 'ipsec-connection'"
                        + " AND stream_id = $1").execute(Tuple.of(connectionId))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("n");
    }
}
