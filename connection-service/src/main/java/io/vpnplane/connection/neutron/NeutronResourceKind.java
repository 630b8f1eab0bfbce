package io.vpnplane.connection.neutron;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vpnplane.connection.persistence.ReadModelQueries.Table;

/**
 * A Neutron-only resource kept as its own event-sourced aggregate (IKE policy, IPsec policy, endpoint group): its
 * names and events here, its rules and view in the subclass. Site connections copy what they take from it, so it
 * cannot change under them: {@link NeutronResources} refuses to delete it, or to change its settings, while a site
 * connection uses it.
 *
 * @param <S> the state record the events carry
 */
abstract class NeutronResourceKind<S extends Record> {

    /** The names of a kind: the path segment, envelope members, stream category, table and not-found fault. */
    record Names(String path, String singular, String plural, String category, Table table, String notFoundType,
            String notFoundName) {
    }

    /** How a kind's states become events and back. */
    record Events<S>(Function<S, Record> created, Function<S, Record> updated, Function<S, Record> deleted,
            Function<Record, Optional<S>> after, Function<S, String> id, Function<S, String> account) {
    }

    private final Names names;
    private final Class<S> stateType;
    private final Events<S> events;

    NeutronResourceKind(Names names, Class<S> stateType, Events<S> events) {
        this.names = names;
        this.stateType = stateType;
        this.events = events;
    }

    final Names names() {
        return names;
    }

    final Class<S> stateType() {
        return stateType;
    }

    final Events<S> events() {
        return events;
    }

    final String notFoundMessage(String id) {
        return names.notFoundName() + " " + id + " could not be found";
    }

    /** A new resource from a create request (attributes already unwrapped); refuses as Neutron does. */
    abstract S create(String id, String account, JsonNode resource);

    /** The resource after an update request. */
    abstract S update(S current, JsonNode resource);

    /** Whether {@code next} differs in what a site connection took from it (not just name or description). */
    abstract boolean settingsDiffer(S current, S next);

    abstract ObjectNode view(S state);

    /** Ids of the site connections that took their settings from resource {@code id}. */
    abstract Uni<List<String>> users(SqlClient tx, String id);

    /** Neutron's refusal to change or delete a resource in use. */
    abstract NeutronRefusal inUse(String id);
}
