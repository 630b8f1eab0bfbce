package io.vpnplane.agent.admin;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Starts the agent from the loopback config file (two tunnels negotiating with each other). */
public class LoopbackAgentProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("vpnplane.agent.config", "src/test/resources/agent-loopback.yaml");
    }
}
