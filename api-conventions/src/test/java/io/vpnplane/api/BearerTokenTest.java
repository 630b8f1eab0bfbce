package io.vpnplane.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class BearerTokenTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Test
    void validTokenGivesTheAccount() {
        given().auth().oauth2(DevTokens.forAccount("acct-7"))
                .get("/test/whoami")
                .then().statusCode(200).body("account", equalTo("acct-7"));
    }

    @Test
    void missingTokenIsA401Problem() {
        given().get("/test/whoami")
                .then().statusCode(401).contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("code", equalTo("Unauthorized.MissingToken"))
                .body("status", equalTo(401));
    }

    @Test
    void expiredTokenIsA401Problem() {
        String expired = DevTokens.forAccount("acct-7", Instant.now().minus(Duration.ofDays(2)), Duration.ofHours(1));
        given().auth().oauth2(expired)
                .get("/test/whoami")
                .then().statusCode(401).contentType(PROBLEM_JSON)
                .body("code", equalTo("Unauthorized.InvalidToken"));
    }

    @Test
    void tokenSignedByAnotherKeyIsA401Problem() throws NoSuchAlgorithmException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String forged = DevTokens.sign(DevTokens.claims("acct-7", Instant.now(), Instant.now().plusSeconds(600)),
                rsa.generateKeyPair().getPrivate());
        given().auth().oauth2(forged)
                .get("/test/whoami")
                .then().statusCode(401).contentType(PROBLEM_JSON)
                .body("code", equalTo("Unauthorized.InvalidToken"));
    }

    @Test
    void garbageTokenIsA401Problem() {
        given().auth().oauth2("not-a-jwt")
                .get("/test/whoami")
                .then().statusCode(401).contentType(PROBLEM_JSON)
                .body("code", equalTo("Unauthorized.InvalidToken"));
    }

    @Test
    void tokenWithoutAccountClaimIsA401Problem() {
        Map<String, Object> claims = new java.util.HashMap<>(DevTokens.claims("acct-7", Instant.now(), Instant.now().plusSeconds(600)));
        claims.remove(CurrentAccount.ACCOUNT_CLAIM);
        given().auth().oauth2(DevTokens.sign(claims, DevTokens.devPrivateKey()))
                .get("/test/whoami")
                .then().statusCode(401).contentType(PROBLEM_JSON)
                .body("code", equalTo("Unauthorized.InvalidToken"));
    }

    @Test
    void tokenWithoutUserGroupIsA403Problem() {
        Map<String, Object> claims = new java.util.HashMap<>(DevTokens.claims("acct-7", Instant.now(), Instant.now().plusSeconds(600)));
        claims.put("groups", java.util.List.of("auditor"));
        given().auth().oauth2(DevTokens.sign(claims, DevTokens.devPrivateKey()))
                .get("/test/whoami")
                .then().statusCode(403).contentType(PROBLEM_JSON)
                .body("code", equalTo("Forbidden"));
    }

    @Test
    void permitAllEndpointNeedsNoToken() {
        given().get("/test/public").then().statusCode(200).body("hello", equalTo("world"));
    }

    @Test
    void anotherAccountsResourceLooksMissing() {
        given().auth().oauth2(DevTokens.forAccount("acct-7"))
                .get("/test/gateways/acct-7/vgw-1")
                .then().statusCode(200).body("id", equalTo("vgw-1"));
        given().auth().oauth2(DevTokens.forAccount("acct-8"))
                .get("/test/gateways/acct-7/vgw-1")
                .then().statusCode(404).contentType(PROBLEM_JSON)
                .body("code", equalTo("NotFound.VpnGateway"))
                .body("detail", equalTo("VpnGateway vgw-1 does not exist"));
    }

    /** The token `./vpnplane token` prints (deploy/local/DevToken.java) is accepted like DevTokens'. */
    @Test
    void localStackTokenProgramMintsAcceptedTokens() throws Exception {
        Path root = Path.of(System.getProperty("vpnplane.root", "..")).toAbsolutePath().normalize();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "deploy/local/DevToken.java", "acct-cli")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as(output).isZero();

        given().auth().oauth2(output)
                .get("/test/whoami")
                .then().statusCode(200).body("account", equalTo("acct-cli"));
    }
}
