package io.vpnplane.agent.admin;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.standalone.InvalidConfigException;
import io.vpnplane.agent.standalone.StandaloneAgent;
import io.vpnplane.agent.standalone.StandaloneConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Starts the agent (IKE engine and data plane) from the standalone config file, if one is given; stops it on shutdown. */
@ApplicationScoped
public class AgentRuntime {

    static final String CONFIG_PROPERTY = "vpnplane.agent.config";
    private static final Logger LOG = Logger.getLogger(AgentRuntime.class);

    @ConfigProperty(name = CONFIG_PROPERTY)
    Optional<String> configFile;

    private volatile Optional<StandaloneAgent> agent = Optional.empty();

    void onStart(@Observes StartupEvent event) {
        Optional<String> file = configFile.or(() -> Optional.ofNullable(System.getProperty(CONFIG_PROPERTY)));
        if (file.isEmpty()) {
            LOG.info("no " + CONFIG_PROPERTY + " / --config given: IKE engine not started");
            return;
        }
        try {
            StandaloneConfig config = StandaloneConfig.read(Path.of(file.get()));
            StandaloneAgent started = StandaloneAgent.start(config);
            agent = Optional.of(started);
            LOG.infof("IKE engine started with %d tunnel(s) from %s, data plane %s", config.tunnels().size(),
                    file.get(), started.dataPlane().isPresent() ? "on " + config.dataPlane().tunName() : "disabled");
        } catch (InvalidConfigException e) {
            throw new IllegalStateException("invalid agent config " + file.get() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the IKE engine from " + file.get(), e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        agent.ifPresent(StandaloneAgent::close);
    }

    public Optional<StandaloneAgent> agent() {
        return agent;
    }

    public Optional<IkeDaemon> daemon() {
        return agent.map(StandaloneAgent::daemon);
    }
}
