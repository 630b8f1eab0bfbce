package io.vpnplane.eventsourcing;

import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;

/**
 * In a Quarkus service: creates the kernel schema at startup (before the application's own startup observers) and
 * runs the service's {@link OutboxRelay} until shutdown. Configuration:
 *
 * <ul>
 * <li>{@code vpnplane.eventsourcing.migrate-at-start} (default {@code true})</li>
 * <li>{@code vpnplane.relay.enabled} (default {@code true})</li>
 * <li>{@code vpnplane.relay.name} (default {@code quarkus.application.name}): lock and checkpoint key</li>
 * <li>{@code vpnplane.relay.batch-size} (default 1000), {@code vpnplane.relay.idle-poll} (default {@code PT0.005S}),
 * {@code vpnplane.relay.standby-poll} (default {@code PT1S})</li>
 * <li>{@code kafka.bootstrap.servers}</li>
 * <li>{@code quarkus.datasource.reactive.url}, {@code quarkus.datasource.username}, {@code quarkus.datasource.password}:
 * the relay opens its own connection with them (it holds a session advisory lock, so it must not borrow from the pool)</li>
 * </ul>
 */
@Singleton
public class OutboxRelayLifecycle {

    private static final Logger LOG = Logger.getLogger(OutboxRelayLifecycle.class);

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "vpnplane.eventsourcing.migrate-at-start", defaultValue = "true")
    boolean migrateAtStart;

    @ConfigProperty(name = "vpnplane.relay.enabled", defaultValue = "true")
    boolean relayEnabled;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "vpnplane")
    String application;

    @ConfigProperty(name = "vpnplane.relay.name")
    Optional<String> relayName;

    @ConfigProperty(name = "vpnplane.relay.batch-size", defaultValue = "1000")
    int batchSize;

    @ConfigProperty(name = "vpnplane.relay.idle-poll", defaultValue = "PT0.005S")
    Duration idlePoll;

    @ConfigProperty(name = "vpnplane.relay.standby-poll", defaultValue = "PT1S")
    Duration standbyPoll;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    Optional<String> databaseUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> databaseUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> databasePassword;

    private volatile OutboxRelay relay;

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (migrateAtStart) {
            int version = EventStoreSchema.migrate(pool).await().atMost(Duration.ofMinutes(1));
            LOG.infof("event store schema at version %d", version);
        }
        if (relayEnabled) {
            String url = databaseUrl.orElseThrow(() -> new IllegalStateException(
                    "the outbox relay needs quarkus.datasource.reactive.url (or set vpnplane.relay.enabled=false)"));
            PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
            databaseUser.ifPresent(options::setUser);
            databasePassword.ifPresent(options::setPassword);
            RelayConfig config = RelayConfig.of(relayName.orElse(application), bootstrapServers)
                    .withBatchSize(batchSize).withIdlePoll(idlePoll).withStandbyPoll(standbyPoll);
            relay = OutboxRelay.start(vertx, options, config);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        OutboxRelay running = relay;
        if (running != null) {
            running.close();
        }
    }

    /** The running relay, empty when disabled. */
    public Optional<OutboxRelay> relay() {
        return Optional.ofNullable(relay);
    }
}
