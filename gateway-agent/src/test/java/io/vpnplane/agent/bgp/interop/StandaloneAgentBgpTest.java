package io.vpnplane.agent.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vpnplane.agent.admin.BgpSessionResource;
import io.vpnplane.agent.bgp.BgpSpeaker;
import io.vpnplane.agent.bgp.Eventually;
import io.vpnplane.agent.bgp.session.SessionState;
import io.vpnplane.agent.standalone.StandaloneAgent;
import io.vpnplane.agent.standalone.StandaloneConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The agent started from a standalone config with a {@code bgp} section runs its sessions against FRR and shows them
 * as the admin API does ({@code GET /agent/v1/bgp/sessions}, REQ-GW-003): state, learned and advertised routes.
 */
@Tag("interop")
class StandaloneAgentBgpTest {

    private static PeerNamespace namespace;

    @BeforeAll
    static void namespace() {
        assumeTrue(Command.isRoot(), "network namespaces need root");
        assumeTrue(FrrBgpd.installed(), "FRR bgpd is not installed");
        namespace = new PeerNamespace("bgpagent", 7);
    }

    @AfterAll
    static void removeNamespace() {
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void configuredSessionsComeUpAndShowTheirRoutes() throws Exception {
        String yaml = """
                dataPlane: {enabled: false}
                bgp:
                  routerId: %1$s
                  sessions:
                    - id: leased-line-1
                      localAsn: 45104
                      peerAsn: 65530
                      localAddress: %1$s
                      peerAddress: %2$s
                      holdTimeSeconds: 9
                      connectRetrySeconds: 1
                      maxPrefixes: 110
                      advertise: [10.0.0.0/16]
                """.formatted(namespace.localAddress(), namespace.peerAddress());
        StandaloneConfig config = StandaloneConfig.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        try (FrrBgpd frr = new FrrBgpd(namespace, FrrBgpd.config(65530, namespace.peerAddress(), namespace.localAddress(), 45104, 179,
                     List.of("192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24")));
             StandaloneAgent agent = StandaloneAgent.start(config)) {
            BgpSpeaker speaker = agent.bgp().orElseThrow();
            Eventually.within(Duration.ofSeconds(20), "session established with three routes", () ->
                    speaker.session("leased-line-1").orElseThrow().state() == SessionState.ESTABLISHED
                            && speaker.learnedRoutes("leased-line-1").size() == 3);
            Eventually.within(Duration.ofSeconds(10), "FRR learns the advertised prefix", () -> frr.hasRoute("10.0.0.0/16"));

            JsonNode view = new ObjectMapper().registerModule(new Jdk8Module()).valueToTree(
                    BgpSessionResource.SessionView.of(speaker, speaker.session("leased-line-1").orElseThrow()));
            assertThat(view.at("/session/state").asText()).isEqualTo("ESTABLISHED");
            assertThat(view.at("/session/peerAs").asLong()).isEqualTo(65530);
            assertThat(view.at("/advertisedRoutes/0").asText()).isEqualTo("10.0.0.0/16");
            assertThat(view.path("learnedRoutes").findValuesAsText("prefix"))
                    .containsExactlyInAnyOrder("192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24");
            assertThat(view.at("/learnedRoutes/0/nextHop").asText()).isEqualTo(namespace.peerAddress());
            assertThat(view.at("/learnedRoutes/0/asPath/0").asLong()).isEqualTo(65530);
        }
    }
}
