package io.vpnplane.connection.neutron;

import static io.vpnplane.connection.api.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vpnplane.api.DevTokens;
import io.vpnplane.events.EventJson;
import io.vpnplane.testkit.KafkaAndPostgres;

/**
 * The real OpenStack CLI (Debian's python3-openstackclient + python3-neutronclient, unmodified) drives the Neutron
 * API of the running service: {@code openstack --os-auth-type admin_token --os-token JWT --os-endpoint URL vpn …}
 * (docs/neutron-api.md). Skipped when {@code openstack} is not installed.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndPostgres.class, initArgs = @io.quarkus.test.common.ResourceArg(name = "prefix", value = "connsvc"))
class OpenStackClientTest {

    private static final String ACCT = "acct-osc";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    @TestHTTPResource("/")
    URL endpoint;

    @BeforeAll
    static void theClientIsInstalled() {
        Assumptions.assumeTrue(onPath("openstack"), "the OpenStack CLI is not installed (apt-get install"
                + " python3-openstackclient python3-neutronclient); skipping the real-client test");
    }

    @Test
    void theOpenStackCliCreatesListsShowsAndDeletesEveryVpnResource() throws Exception {
        JsonNode ike = cli("vpn", "ike", "policy", "create", "ike-osc", "--auth-algorithm", "sha256",
                "--encryption-algorithm", "aes-256", "--pfs", "group14", "--ike-version", "v1",
                "--lifetime", "units=seconds,value=28800", "-f", "json");
        assertThat(ike.path("Encryption Algorithm").asText()).isEqualTo("aes-256");
        JsonNode ipsec = cli("vpn", "ipsec", "policy", "create", "esp-osc", "--pfs", "group14",
                "--encryption-algorithm", "aes-128", "--transform-protocol", "esp", "-f", "json");
        assertThat(ipsec.path("Perfect Forward Secrecy (PFS)").asText()).isEqualTo("group14");
        JsonNode service = cli("vpn", "service", "create", "svc-osc", "--router", "vpc-osc", "-f", "json");
        assertThat(service.path("Router").asText()).isEqualTo("vpc-osc");
        cli("vpn", "endpoint", "group", "create", "local-osc", "--type", "cidr", "--value", "10.9.0.0/24",
                "-f", "json");
        cli("vpn", "endpoint", "group", "create", "peer-osc", "--type", "cidr", "--value", "192.168.9.0/24",
                "-f", "json");
        // policies, service and endpoint groups named by name: the CLI looks them up with ?name=…
        JsonNode site = cli("vpn", "ipsec", "site", "connection", "create", "conn-osc", "--vpnservice", "svc-osc",
                "--ikepolicy", "ike-osc", "--ipsecpolicy", "esp-osc", "--local-endpoint-group", "local-osc",
                "--peer-endpoint-group", "peer-osc", "--peer-address", "203.0.113.150", "--peer-id", "203.0.113.150",
                "--psk", "secret-osc-1", "--dpd", "action=restart,interval=20,timeout=90", "--initiator",
                "response-only", "-f", "json");
        String id = site.path("ID").asText();
        assertThat(site.path("Status").asText()).isEqualTo("PENDING_CREATE");
        assertThat(site.path("IKE Policy").asText()).isEqualTo(ike.path("ID").asText());

        // the same connection, natively (REQ-B-003/004 and the policies' settings reached the tunnel)
        as(ACCT).get("/v1/ipsec-connections/" + id).then().statusCode(200)
                .body("initiator", equalTo("response-only")).body("tunnels[0].ike.encryption", equalTo("aes256"))
                .body("tunnels[0].ike.lifetimeSeconds", equalTo(28800))
                .body("tunnels[0].dpd.action", equalTo("restart")).body("tunnels[0].dpd.timeoutSeconds", equalTo(90))
                .body("localCidrs[0]", equalTo("10.9.0.0/24")).body("remoteCidrs[0]", equalTo("192.168.9.0/24"));

        for (String[] resource : new String[][] {{"ike", "policy"}, {"ipsec", "policy"}, {"service"},
                {"endpoint", "group"}, {"ipsec", "site", "connection"}}) {
            JsonNode list = cli(concat(List.of("vpn"), List.of(resource), List.of("list", "-f", "json")));
            assertThat(list.isArray()).as("vpn %s list", String.join(" ", resource)).isTrue();
            assertThat(list.size()).as("vpn %s list", String.join(" ", resource)).isGreaterThanOrEqualTo(1);
        }
        // shown by id (a UUID: the client looks it up with ?id=…) and by name
        assertThat(cli("vpn", "ipsec", "site", "connection", "show", id, "-f", "json").path("Name").asText())
                .isEqualTo("conn-osc");
        assertThat(cli("vpn", "ike", "policy", "show", "ike-osc", "-f", "json").path("ID").asText())
                .isEqualTo(ike.path("ID").asText());
        cli("vpn", "ipsec", "site", "connection", "set", "conn-osc", "--description", "from the CLI");
        assertThat(cli("vpn", "ipsec", "site", "connection", "show", "conn-osc", "-f", "json")
                .path("Description").asText()).isEqualTo("from the CLI");

        cli("vpn", "ipsec", "site", "connection", "delete", id);
        cli("vpn", "endpoint", "group", "delete", "local-osc", "peer-osc");
        cli("vpn", "service", "delete", "svc-osc");
        cli("vpn", "ike", "policy", "delete", "ike-osc");
        cli("vpn", "ipsec", "policy", "delete", ipsec.path("ID").asText());
        assertThat(cli("vpn", "ipsec", "site", "connection", "list", "-f", "json")).isEmpty();
        assertThat(cli("vpn", "ike", "policy", "list", "-f", "json")).isEmpty();
        assertThat(cli("vpn", "service", "list", "-f", "json")).isEmpty();
        as(ACCT).get("/v1/ipsec-connections/" + id).then().statusCode(404);
    }

    @Test
    void theCliShowsNeutronsErrorMessage() throws Exception {
        Result result = run(List.of("vpn", "ike", "policy", "create", "bad-osc", "--lifetime", "value=100000"));
        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("'100000' is not in range 60 through 86400");
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    private JsonNode cli(String... args) throws IOException, InterruptedException {
        return cli(List.of(args));
    }

    private JsonNode cli(List<String> args) throws IOException, InterruptedException {
        Result result = run(args);
        assertThat(result.exit()).as("openstack %s failed: %s", String.join(" ", args), result.stderr()).isZero();
        return result.stdout().isBlank() ? EventJson.mapper().nullNode() : EventJson.mapper().readTree(result.stdout());
    }

    /** {@code openstack} with a token and an endpoint and nothing else: no Keystone, no clouds.yaml. */
    private Result run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openstack", "--os-auth-type", "admin_token",
                "--os-token", DevTokens.forAccount(ACCT), "--os-endpoint", endpoint.toString()));
        command.addAll(args);
        Path stdout = Files.createTempFile("openstack-out", ".txt");
        Path stderr = Files.createTempFile("openstack-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().keySet().removeIf(name -> name.startsWith("OS_"));
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openstack " + String.join(" ", args) + " did not finish in "
                        + COMMAND_TIMEOUT);
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(File.pathSeparator)).stream()
                .anyMatch(dir -> new File(dir, program).canExecute());
    }
}
