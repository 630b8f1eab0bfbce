package io.vpnplane.tunnel.agentconfig;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vpnplane.eventsourcing.OutboxRelay;
import io.vpnplane.eventsourcing.RelayConfig;

/**
 * Runs tunnel-service's outbox relay with the {@link TombstoningProducer}, instead of the kernel's default relay
 * (which this service switches off: {@code vpnplane.relay.enabled=false}). Same lock name, checkpoint and settings as
 * the kernel's, so the two are interchangeable should the kernel learn tombstones itself.
 */
@Singleton
public class TunnelRelayLifecycle {

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "vpnplane.tunnel.relay.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "tunnel-service")
    String application;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "vpnplane.relay.idle-poll", defaultValue = "PT0.005S")
    Duration idlePoll;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String databaseUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> databaseUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> databasePassword;

    private volatile OutboxRelay relay;

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl.replaceFirst("^vertx-reactive:", ""));
        databaseUser.ifPresent(options::setUser);
        databasePassword.ifPresent(options::setPassword);
        relay = OutboxRelay.start(RelayConfig.of(application, bootstrapServers).withIdlePoll(idlePoll),
                OutboxRelay.dedicatedConnections(vertx, options), TombstoningProducer::new);
    }

    void stop(@Observes ShutdownEvent event) {
        OutboxRelay running = relay;
        if (running != null) {
            running.close();
        }
    }
}
