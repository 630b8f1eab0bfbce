package io.vpnplane.connection.neutron;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vpnplane.connection.persistence.ReadModelQueries.Table;

/**
 * A Neutron-only resource kept as its own event-sourced aggregate (IKE policy, IPsec policy, endpoint group): its
 * names, how a request becomes a state, the events that record it and how Neutron shows it. Site connections copy
 * what they take from it, so it cannot change under them: {@link NeutronResources} refuses to delete it, or to
 * change its settings, while a site connection uses it.
 *
 * @param <S> the state record the events carry
 */
interface NeutronResourceKind<S extends Record> {

    /** The envelope member, e.g. {@code ikepolicy}. */
    String singular();

    /** The list member, e.g. {@code ikepolicies}. */
    String plural();

    /** The event stream category. */
    String category();

    Table table();

    Class<S> stateType();

    /** Neutron's not-found fault type, e.g. {@code IKEPolicyNotFound}. */
    String notFoundType();

    String notFoundMessage(String id);

    /** A new resource from a create request (attributes already unwrapped); refuses as Neutron does. */
    S create(String id, String account, JsonNode resource);

    /** The resource after an update request. */
    S update(S current, JsonNode resource);

    /** Whether {@code next} differs in what a site connection took from it (not just name or description). */
    boolean settingsDiffer(S current, S next);

    String idOf(S state);

    String accountOf(S state);

    Record created(S state);

    Record updated(S state);

    Record deleted(S state);

    /** The state after one of this kind's events; empty after a deletion. */
    Optional<S> after(Record event);

    ObjectNode view(S state);

    /** Ids of the site connections that took their settings from resource {@code id}. */
    Uni<List<String>> users(SqlClient tx, String id);

    /** Neutron's refusal to change or delete a resource in use. */
    NeutronRefusal inUse(String id, List<String> users);
}
