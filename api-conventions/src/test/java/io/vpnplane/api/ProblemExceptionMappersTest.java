package io.vpnplane.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ProblemExceptionMappersTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    private static RequestSpecification asAccount(String account) {
        return given().auth().oauth2(DevTokens.forAccount(account));
    }

    private static String connection(String tunnelsJson) {
        return "{\"name\":\"c1\",\"tunnels\":" + tunnelsJson + "}";
    }

    @Test
    void validBodyIsAccepted() {
        asAccount("acct-1").contentType("application/json")
                .body(connection("[{\"bgp\":{\"tunnelCidr\":\"169.254.10.0/30\",\"localAsn\":65000},\"role\":\"master\"}]"))
                .post("/test/connections")
                .then().statusCode(200)
                .body("account", equalTo("acct-1"))
                .body("tunnels", equalTo(1));
    }

    @Test
    void apiProblemCarriesAllMembers() {
        asAccount("acct-1").get("/test/missing/ipsec-42")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://vpnplane.local/problems/NotFound"))
                .body("title", equalTo("Not Found"))
                .body("status", equalTo(404))
                .body("code", equalTo("NotFound.IpsecConnection"))
                .body("detail", equalTo("IpsecConnection ipsec-42 does not exist"))
                .body("instance", equalTo("/test/missing/ipsec-42"))
                .body("field", nullValue())
                .body("errors", nullValue());
    }

    @Test
    void severalWrongFieldsAreListed() {
        asAccount("acct-1").get("/test/several-wrong")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("code", equalTo("InvalidParameter.TunnelCidr"))
                .body("field", equalTo("tunnels[0].bgp.tunnelCidr"))
                .body("errors", hasSize(2))
                .body("errors[1].code", equalTo("InvalidParameter.TunnelCidr"))
                .body("errors[1].field", equalTo("tunnels[1].bgp.tunnelCidr"))
                .body("errors[1].detail", equalTo("overlaps tunnels[0].bgp.tunnelCidr"));
    }

    @Test
    void conflictHasItsReason() {
        asAccount("acct-1").get("/test/in-use")
                .then().statusCode(409).contentType(PROBLEM_JSON)
                .body("code", equalTo("Conflict.InUse"));
    }

    @Test
    void malformedJsonIsA400() {
        asAccount("acct-1").contentType("application/json")
                .body("{\"name\":\"c1\",\"tunnels\":[{\"bgp\": {\"tunnelCidr\": }]}")
                .post("/test/connections")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("MalformedRequest"))
                .body("field", equalTo("tunnels[0].bgp.tunnelCidr"))
                .body("detail", containsString("not well-formed JSON"));
    }

    @Test
    void wrongTypeNamesTheJsonPath() {
        asAccount("acct-1").contentType("application/json")
                .body(connection("[{\"bgp\":{\"tunnelCidr\":\"169.254.10.0/30\",\"localAsn\":\"many\"}}]"))
                .post("/test/connections")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("InvalidParameter.LocalAsn"))
                .body("field", equalTo("tunnels[0].bgp.localAsn"))
                .body("detail", equalTo("'many' is not an integer"));
    }

    @Test
    void unknownEnumValueListsTheAcceptedOnes() {
        asAccount("acct-1").contentType("application/json")
                .body(connection("[{\"bgp\":{\"tunnelCidr\":\"169.254.10.0/30\",\"localAsn\":65000},\"role\":\"primary\"}]"))
                .post("/test/connections")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("InvalidParameter.Role"))
                .body("field", equalTo("tunnels[0].role"))
                .body("detail", equalTo("'primary' is not one of [\"master\", \"slave\"]"));
    }

    @Test
    void objectWhereArrayExpectedIsA400() {
        asAccount("acct-1").contentType("application/json")
                .body(connection("{\"bgp\":{}}"))
                .post("/test/connections")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("InvalidParameter.Tunnels"))
                .body("field", equalTo("tunnels"))
                .body("detail", equalTo("expected an array"));
    }

    @Test
    void valueRejectedByItsConstructorNamesTheObject() {
        asAccount("acct-1").contentType("application/json")
                .body(connection("[{\"bgp\":{\"tunnelCidr\":\"169.254.10.0\",\"localAsn\":65000}}]"))
                .post("/test/connections")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("InvalidParameter.Bgp"))
                .body("field", equalTo("tunnels[0].bgp"))
                .body("detail", equalTo("tunnelCidr must be a CIDR like 169.254.10.0/30"));
    }

    @Test
    void beanValidationNamesEveryField() {
        asAccount("acct-1").contentType("application/json")
                .body("{\"name\":\"\",\"tunnels\":[{\"bgp\":{\"tunnelCidr\":\"169.254.10.0/30\",\"localAsn\":65000}},"
                        + "{\"bgp\":{\"tunnelCidr\":\"169.254.11.0/30\",\"localAsn\":0}}]}")
                .post("/test/connections")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors", hasSize(2))
                .body("errors.field", org.hamcrest.Matchers.contains("name", "tunnels[1].bgp.localAsn"))
                .body("errors.code", org.hamcrest.Matchers.contains("InvalidParameter.Name", "InvalidParameter.LocalAsn"))
                .body("code", equalTo("InvalidParameter.Name"))
                .body("field", equalTo("name"));
    }

    @Test
    void missingBodyIsA400() {
        asAccount("acct-1").contentType("application/json")
                .post("/test/connections")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("InvalidParameter.Body"));
    }

    @Test
    void queryParameterViolationNamesTheParameter() {
        asAccount("acct-1").queryParam("limit", 1000).get("/test/page")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("InvalidParameter.Limit"))
                .body("field", equalTo("limit"));
    }

    @Test
    void unparsableQueryParameterIsA400() {
        asAccount("acct-1").queryParam("limit", "lots").get("/test/page")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("MalformedRequest"));
    }

    @Test
    void unknownPathIsProblemJson404() {
        asAccount("acct-1").get("/test/no-such-thing")
                .then().statusCode(404).contentType(PROBLEM_JSON)
                .body("code", equalTo("NotFound"))
                .body("instance", equalTo("/test/no-such-thing"));
    }

    @Test
    void wrongMethodIsProblemJson405() {
        asAccount("acct-1").delete("/test/whoami")
                .then().statusCode(405).contentType(PROBLEM_JSON)
                .body("code", equalTo("MethodNotAllowed"));
    }

    @Test
    void unsupportedMediaTypeIsProblemJson415() {
        asAccount("acct-1").contentType("text/plain").body("name=c1")
                .post("/test/connections")
                .then().statusCode(415).contentType(PROBLEM_JSON)
                .body("code", equalTo("UnsupportedMediaType"));
    }

    @Test
    void unexpectedExceptionLeaksNothing() {
        asAccount("acct-1").get("/test/boom")
                .then().statusCode(500).contentType(PROBLEM_JSON)
                .body("code", equalTo("InternalError"))
                .body("detail", containsString("reference"))
                .body("detail", not(containsString("hunter2")))
                .body(not(containsString("IllegalStateException")))
                .body(not(containsString("at io.vpnplane")));
    }

    @Test
    void jsonFailureInsideTheServiceIsA500NotA400() {
        asAccount("acct-1").get("/test/corrupt-stored-json")
                .then().statusCode(500).contentType(PROBLEM_JSON)
                .body("code", equalTo("InternalError"));
    }

    @Test
    void invalidReturnValueIsOurFaultNotTheClients() {
        asAccount("acct-1").get("/test/bad-return")
                .then().statusCode(500).contentType(PROBLEM_JSON)
                .body("code", equalTo("InternalError"));
    }

    @Test
    void etagIsTheQuotedVersion() {
        asAccount("acct-1").get("/test/versioned")
                .then().statusCode(200).header("ETag", equalTo("\"7\""));
    }

    @Test
    void staleIfMatchIsA412BeforeAnyWork() {
        asAccount("acct-1").contentType("application/json").header("If-Match", "\"6\"").body("{}")
                .put("/test/versioned")
                .then().statusCode(412).contentType(PROBLEM_JSON)
                .body("code", equalTo("PreconditionFailed.Version"))
                .body("field", equalTo("If-Match"));
        asAccount("acct-1").contentType("application/json").header("If-Match", "\"7\"").body("{}")
                .put("/test/versioned")
                .then().statusCode(200).header("ETag", equalTo("\"8\""));
    }

    @Test
    void malformedIfMatchIsA400() {
        asAccount("acct-1").contentType("application/json").header("If-Match", "W/\"7\"").body("{}")
                .put("/test/versioned")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("InvalidParameter.IfMatch"))
                .body("field", equalTo("If-Match"));
    }

    @Test
    void lostRaceWithIfMatchIsA412() {
        asAccount("acct-1").contentType("application/json").header("If-Match", "\"7\"").body("{}")
                .put("/test/racing")
                .then().statusCode(412).contentType(PROBLEM_JSON)
                .body("code", equalTo("PreconditionFailed.Version"));
    }

    @Test
    void lostRaceWithoutIfMatchIsA409() {
        asAccount("acct-1").contentType("application/json").body("{}")
                .put("/test/racing")
                .then().statusCode(409).contentType(PROBLEM_JSON)
                .body("code", equalTo("Conflict.Version"))
                .body("detail", notNullValue());
    }
}
