package io.vpnplane.agent.admin;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point: {@code --config FILE} runs the agent standalone from a config file (no Kafka); {@code --managed NODE_ID}
 * runs it managed by tunnel-service over Kafka (docs/agent-config.md, "Managed mode").
 */
@QuarkusMain
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String... args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) {
                System.setProperty(AgentRuntime.CONFIG_PROPERTY, args[i + 1]);
            }
            if (args[i].equals("--managed")) {
                System.setProperty(AgentRuntime.MANAGED_NODE_PROPERTY, args[i + 1]);
            }
        }
        Quarkus.run(args);
    }
}
