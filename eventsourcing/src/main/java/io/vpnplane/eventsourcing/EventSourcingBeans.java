package io.vpnplane.eventsourcing;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.DefaultBean;
import io.vpnplane.events.EventCatalog;
import io.vpnplane.events.EventTypes;

/**
 * CDI producers for a Quarkus service; plain Java users construct {@link EventStore} themselves. A service may
 * override either bean by producing its own.
 *
 * <ul>
 * <li>{@code vpnplane.events.source}: the {@code ce_source}, default {@code /vpnplane/<quarkus.application.name>}</li>
 * </ul>
 */
@Singleton
public class EventSourcingBeans {

    /** Every event type of the contract ({@link EventCatalog}). */
    @Produces
    @Singleton
    @DefaultBean
    EventTypes eventTypes() {
        return EventCatalog.all();
    }

    @Produces
    @Singleton
    @DefaultBean
    EventStore eventStore(EventTypes types,
                          @ConfigProperty(name = "vpnplane.events.source") Optional<String> source,
                          @ConfigProperty(name = "quarkus.application.name", defaultValue = "vpnplane") String application) {
        return EventStore.create(types, URI.create(source.orElse("/vpnplane/" + application)));
    }
}
