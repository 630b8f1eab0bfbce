package io.vpnplane.connection.neutron;

import static io.vpnplane.connection.api.Api.as;
import static io.vpnplane.connection.api.Api.json;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vpnplane.testkit.KafkaAndPostgres;

/** Neutron IKE and IPsec policies (issue 10): Neutron's shape and defaults, cloud B's rules REQ-B-005/006. */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @io.quarkus.test.common.ResourceArg(name = "prefix", value = "connsvc"))
class NeutronPolicyApiTest {

    private static final String IKE = "/v2.0/vpn/ikepolicies";
    private static final String IPSEC = "/v2.0/vpn/ipsecpolicies";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void anIkePolicyHasNeutronsDefaultsAndLivesThroughCreateShowListUpdateDelete() {
        String id = as("acct-np1").body(json("{'ikepolicy': {'name': 'ike1'}}")).post(IKE)
                .then().statusCode(201)
                .body("ikepolicy.id", matchesPattern(UUID))
                .body("ikepolicy.tenant_id", equalTo("acct-np1")).body("ikepolicy.project_id", equalTo("acct-np1"))
                .body("ikepolicy.name", equalTo("ike1")).body("ikepolicy.description", equalTo(""))
                .body("ikepolicy.auth_algorithm", equalTo("sha1"))
                .body("ikepolicy.encryption_algorithm", equalTo("aes-128"))
                .body("ikepolicy.phase1_negotiation_mode", equalTo("main"))
                .body("ikepolicy.ike_version", equalTo("v1")).body("ikepolicy.pfs", equalTo("group5"))
                .body("ikepolicy.lifetime.units", equalTo("seconds")).body("ikepolicy.lifetime.value", equalTo(3600))
                .extract().path("ikepolicy.id");
        as("acct-np1").get(IKE + "/" + id).then().statusCode(200).body("ikepolicy.name", equalTo("ike1"));
        as("acct-np1").get(IKE).then().statusCode(200).body("ikepolicies.id", hasItem(id));
        as("acct-np1").body(json("{'ikepolicy': {'auth_algorithm': 'sha256', 'lifetime': {'value': 28800},"
                        + " 'description': 'd'}}")).put(IKE + "/" + id)
                .then().statusCode(200).body("ikepolicy.auth_algorithm", equalTo("sha256"))
                .body("ikepolicy.lifetime.value", equalTo(28800)).body("ikepolicy.lifetime.units", equalTo("seconds"))
                .body("ikepolicy.description", equalTo("d")).body("ikepolicy.encryption_algorithm", equalTo("aes-128"));
        // other projects see nothing of it
        as("acct-np1-other").get(IKE + "/" + id).then().statusCode(404)
                .body("NeutronError.type", equalTo("IKEPolicyNotFound"))
                .body("NeutronError.message", equalTo("IKEPolicy " + id + " could not be found"));
        as("acct-np1-other").get(IKE).then().body("ikepolicies.id", not(hasItem(id)));
        as("acct-np1-other").delete(IKE + "/" + id).then().statusCode(404);
        as("acct-np1").delete(IKE + "/" + id).then().statusCode(204);
        as("acct-np1").get(IKE + "/" + id).then().statusCode(404);
    }

    @Test
    void reqB005IkePolicyTakesCloudBsAlgorithmsAndWhatTheNativeApiAlsoRuns() {
        // REQ-B-005: the seed's values
        for (String auth : new String[] {"sha1", "sha256"}) {
            for (String enc : new String[] {"aes-128", "aes-192", "aes-256"}) {
                for (String pfs : new String[] {"group2", "group5", "group14"}) {
                    as("acct-np2").body(json("{'ikepolicy': {'auth_algorithm': '" + auth + "', 'encryption_algorithm': '"
                                    + enc + "', 'pfs': '" + pfs + "', 'ike_version': 'v1', 'phase1_negotiation_mode':"
                                    + " 'main'}}")).post(IKE)
                            .then().statusCode(201).body("ikepolicy.encryption_algorithm", equalTo(enc));
                }
            }
        }
        // beyond the seed, run by the native API: IKEv2, sha384/sha512, 3des, aggressive mode with IKEv1
        as("acct-np2").body(json("{'ikepolicy': {'ike_version': 'v2', 'auth_algorithm': 'sha512',"
                + " 'encryption_algorithm': '3des'}}")).post(IKE).then().statusCode(201)
                .body("ikepolicy.ike_version", equalTo("v2"));
        as("acct-np2").body(json("{'ikepolicy': {'phase1_negotiation_mode': 'aggressive'}}")).post(IKE)
                .then().statusCode(201);
    }

    @Test
    void reqB005IkePolicyRefusesWhatTheGatewayDoesNotRun() {
        // values Neutron knows but the gateway does not run: Neutron's driver refusal
        refusedIke("{'auth_algorithm': 'aes-xcbc'}", "IkeValidationFailure",
                "IKE does not support ikepolicy attribute auth_algorithm with value 'aes-xcbc'");
        refusedIke("{'encryption_algorithm': 'aes-256-gcm-16'}", "IkeValidationFailure", "encryption_algorithm");
        refusedIke("{'pfs': 'group19'}", "IkeValidationFailure", "pfs");
        refusedIke("{'ike_version': 'v2', 'phase1_negotiation_mode': 'aggressive'}", "IkeValidationFailure",
                "phase1_negotiation_mode");
        // values Neutron itself refuses
        refusedIke("{'pfs': 'group99'}", "HTTPBadRequest", "Invalid input for pfs. Reason: 'group99' is not in");
        refusedIke("{'ike_version': 'v3'}", "HTTPBadRequest", "ike_version");
        // REQ-B-005: lifetime 60–86400 s
        refusedIke("{'lifetime': {'value': 59}}", "HTTPBadRequest", "'59' is not in range 60 through 86400");
        refusedIke("{'lifetime': {'value': 86401}}", "HTTPBadRequest", "86401");
        refusedIke("{'lifetime': {'units': 'kilobytes', 'value': 100}}", "HTTPBadRequest", "units");
        as("acct-np3").body(json("{'ikepolicy': {'lifetime': {'units': 'seconds', 'value': 60}}}")).post(IKE)
                .then().statusCode(201).body("ikepolicy.lifetime.value", equalTo(60));
        as("acct-np3").body(json("{'ikepolicy': {'lifetime': {'value': 86400}}}")).post(IKE)
                .then().statusCode(201).body("ikepolicy.lifetime.value", equalTo(86400));
        // Neutron's attribute checks
        refusedIke("{'colour': 'red'}", "HTTPBadRequest", "Unrecognized attribute(s) 'colour'");
        refusedIke("{'tenant_id': 'someone-else'}", "HTTPBadRequest", "tenant_id");
        as("acct-np3").body(json("{'ike': {}}")).post(IKE).then().statusCode(400)
                .body("NeutronError.type", equalTo("HTTPBadRequest"));
        String id = as("acct-np3").body(json("{'ikepolicy': {}}")).post(IKE).then().statusCode(201)
                .extract().path("ikepolicy.id");
        as("acct-np3").body(json("{'ikepolicy': {'tenant_id': 'acct-np3'}}")).put(IKE + "/" + id)
                .then().statusCode(400).body("NeutronError.message", equalTo("Cannot update read-only attribute tenant_id"));
        as("acct-np3").body(json("{'ikepolicy': {'pfs': 'group1'}}")).put(IKE + "/" + id).then().statusCode(400);
    }

    private static void refusedIke(String attributes, String type, String message) {
        NeutronFixture.refused("acct-np3", IKE, "ikepolicy", attributes, type, message);
    }

    @Test
    void anIpsecPolicyHasNeutronsDefaults() {
        String id = as("acct-np4").body(json("{'ipsecpolicy': {'name': 'esp1'}}")).post(IPSEC)
                .then().statusCode(201)
                .body("ipsecpolicy.id", matchesPattern(UUID))
                .body("ipsecpolicy.transform_protocol", equalTo("esp"))
                .body("ipsecpolicy.encapsulation_mode", equalTo("tunnel"))
                .body("ipsecpolicy.auth_algorithm", equalTo("sha1"))
                .body("ipsecpolicy.encryption_algorithm", equalTo("aes-128"))
                .body("ipsecpolicy.pfs", equalTo("group5"))
                .body("ipsecpolicy.lifetime.value", equalTo(3600))
                .extract().path("ipsecpolicy.id");
        as("acct-np4").get(IPSEC + "?name=esp1").then().statusCode(200).body("ipsecpolicies.id", hasItem(id));
        as("acct-np4").body(json("{'ipsecpolicy': {'pfs': 'group14', 'encryption_algorithm': 'aes-256'}}"))
                .put(IPSEC + "/" + id).then().statusCode(200).body("ipsecpolicy.pfs", equalTo("group14"))
                .body("ipsecpolicy.encryption_algorithm", equalTo("aes-256"));
        as("acct-np4").delete(IPSEC + "/" + id).then().statusCode(204);
        as("acct-np4").get(IPSEC + "/" + id).then().statusCode(404).body("NeutronError.type", equalTo("IPsecPolicyNotFound"));
    }

    @Test
    void reqB006IpsecPolicyIsEspInTunnelModeWithCloudBsAlgorithms() {
        for (String auth : new String[] {"sha1", "sha256"}) {
            for (String enc : new String[] {"aes-128", "aes-192", "aes-256"}) {
                for (String pfs : new String[] {"group2", "group5", "group14"}) {
                    as("acct-np5").body(json("{'ipsecpolicy': {'auth_algorithm': '" + auth + "', 'encryption_algorithm':"
                                    + " '" + enc + "', 'pfs': '" + pfs + "', 'transform_protocol': 'esp',"
                                    + " 'encapsulation_mode': 'tunnel', 'lifetime': {'units': 'seconds', 'value': 86400}}}"))
                            .post(IPSEC).then().statusCode(201);
                }
            }
        }
        refusedIpsec("{'transform_protocol': 'ah'}", "IpsecValidationFailure",
                "IPSec does not support ipsecpolicy attribute transform_protocol with value 'ah'");
        refusedIpsec("{'transform_protocol': 'ah-esp'}", "IpsecValidationFailure", "transform_protocol");
        refusedIpsec("{'encapsulation_mode': 'transport'}", "IpsecValidationFailure", "encapsulation_mode");
        refusedIpsec("{'auth_algorithm': 'aes-cmac'}", "IpsecValidationFailure", "auth_algorithm");
        refusedIpsec("{'pfs': 'group21'}", "IpsecValidationFailure", "pfs");
        refusedIpsec("{'lifetime': {'value': 30}}", "HTTPBadRequest", "lifetime");
        refusedIpsec("{'lifetime': 'long'}", "HTTPBadRequest", "lifetime");
        refusedIpsec("{'transform_protocol': 'gre'}", "HTTPBadRequest", "'gre' is not in ['ah', 'ah-esp', 'esp']");
    }

    private static void refusedIpsec(String attributes, String type, String message) {
        NeutronFixture.refused("acct-np5", IPSEC, "ipsecpolicy", attributes, type, message);
    }
}
