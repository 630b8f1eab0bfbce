package io.vpnplane.connection.neutron;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vpnplane.api.CurrentAccount;
import io.vpnplane.connection.api.Requests;
import io.vpnplane.connection.api.Writes;
import io.vpnplane.connection.persistence.ReadModelQueries;
import io.vpnplane.eventsourcing.StateFold;
import io.vpnplane.eventsourcing.StreamId;

/**
 * The command and query path of the Neutron-only resources ({@link NeutronResourceKind}): create, list, show,
 * update and delete, each in one transaction, answered in Neutron's envelopes and errors. Ids are UUIDs, which
 * python-neutronclient requires to look a resource up by id.
 */
@ApplicationScoped
public class NeutronResources {

    @Inject
    CurrentAccount account;

    @Inject
    Writes writes;

    <S extends Record> Uni<Response> create(NeutronResourceKind<S> kind, String body, String requestId) {
        return NeutronCalls.answer(kind.names().notFoundType(), () -> {
            String caller = account.id();
            JsonNode resource = NeutronBodies.envelope(body, kind.names().singular());
            NeutronBodies.tenantIs(resource, caller);
            S state = kind.create(UUID.randomUUID().toString(), caller, resource);
            String id = kind.events().id().apply(state);
            return writes.pool().withTransaction(tx -> writes.append(tx, stream(kind, id), 0,
                            List.of(kind.events().created().apply(state)), Requests.context(caller, requestId)))
                    .map(appended -> Response.status(201).entity(wrapped(kind, state)).build());
        });
    }

    <S extends Record> Uni<Response> list(NeutronResourceKind<S> kind, UriInfo uri) {
        return NeutronCalls.answer(kind.names().notFoundType(), () -> {
            NeutronQuery query = NeutronQuery.of(uri);
            return NeutronQuery.rows(writes.pool(), kind.names().table(), account.id())
                    .map(rows -> {
                        List<ObjectNode> views = rows.stream()
                                .map(stored -> kind.view(ReadModelQueries.read(stored.state(), kind.stateType())))
                                .toList();
                        return Response.ok(query.list(kind.names().plural(), views, uri)).build();
                    });
        });
    }

    <S extends Record> Uni<Response> get(NeutronResourceKind<S> kind, String id, UriInfo uri) {
        return NeutronCalls.answer(kind.names().notFoundType(), () -> {
            NeutronQuery query = NeutronQuery.of(uri);
            String caller = account.id();
            return ReadModelQueries.find(writes.pool(), kind.names().table(), id)
                    .map(row -> row.filter(r -> r.accountId().equals(caller))
                            .map(stored -> Response.ok(query.show(kind.names().singular(),
                                    kind.view(ReadModelQueries.read(stored.state(), kind.stateType())))).build())
                            .orElseThrow(() -> notFound(kind, id)));
        });
    }

    /** Name and description change any time; the settings only while no site connection uses them (Neutron). */
    <S extends Record> Uni<Response> update(NeutronResourceKind<S> kind, String id, String body, String requestId) {
        return NeutronCalls.answer(kind.names().notFoundType(), () -> {
            String caller = account.id();
            JsonNode resource = NeutronBodies.envelope(body, kind.names().singular());
            return writes.pool().withTransaction(tx -> ReadModelQueries.lockForDelete(tx, kind.names().table(), id)
                    .chain(() -> writes.load(tx, stream(kind, id), fold(kind)))
                    .chain(current -> {
                        S state = current.state().filter(s -> kind.events().account().apply(s).equals(caller))
                                .orElseThrow(() -> notFound(kind, id));
                        S next = kind.update(state, resource);
                        if (next.equals(state)) {
                            return Uni.createFrom().item(next);
                        }
                        Uni<List<String>> users = kind.settingsDiffer(state, next) ? kind.users(tx, id)
                                : Uni.createFrom().item(List.of());
                        return users.chain(using -> {
                            if (!using.isEmpty()) {
                                throw kind.inUse(id);
                            }
                            return writes.append(tx, stream(kind, id), current.version(),
                                    List.of(kind.events().updated().apply(next)), Requests.context(caller, requestId)).replaceWith(next);
                        });
                    }))
                    .map(next -> Response.ok(wrapped(kind, next)).build());
        });
    }

    <S extends Record> Uni<Response> delete(NeutronResourceKind<S> kind, String id, String requestId) {
        return NeutronCalls.answer(kind.names().notFoundType(), () -> {
            String caller = account.id();
            return writes.pool().withTransaction(tx -> ReadModelQueries.lockForDelete(tx, kind.names().table(), id)
                    .chain(() -> writes.load(tx, stream(kind, id), fold(kind)))
                    .chain(current -> {
                        S state = current.state().filter(s -> kind.events().account().apply(s).equals(caller))
                                .orElseThrow(() -> notFound(kind, id));
                        return kind.users(tx, id).chain(using -> {
                            if (!using.isEmpty()) {
                                throw kind.inUse(id);
                            }
                            return writes.append(tx, stream(kind, id), current.version(),
                                    List.of(kind.events().deleted().apply(state)), Requests.context(caller, requestId));
                        });
                    }))
                    .map(appended -> Response.noContent().build());
        });
    }

    /** The caller's resource {@code id}, share-locked for the transaction, or Neutron's not-found refusal. */
    static <S extends Record> Uni<S> used(io.vertx.mutiny.sqlclient.SqlClient tx, NeutronResourceKind<S> kind,
            String account, String id) {
        return ReadModelQueries.findShared(tx, kind.names().table(), account, id)
                .map(row -> row.map(stored -> ReadModelQueries.read(stored.state(), kind.stateType()))
                        .orElseThrow(() -> notFound(kind, id)));
    }

    private static <S extends Record> NeutronRefusal notFound(NeutronResourceKind<S> kind, String id) {
        return NeutronRefusal.notFound(kind.names().notFoundType(), kind.notFoundMessage(id));
    }

    private static <S extends Record> ObjectNode wrapped(NeutronResourceKind<S> kind, S state) {
        ObjectNode answer = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        answer.set(kind.names().singular(), kind.view(state));
        return answer;
    }

    private static StreamId stream(NeutronResourceKind<?> kind, String id) {
        return new StreamId(kind.names().category(), id);
    }

    private static <S extends Record> StateFold<Optional<S>> fold(NeutronResourceKind<S> kind) {
        return new StateFold<>() {
            @Override
            public Optional<S> initial() {
                return Optional.empty();
            }

            @Override
            public Optional<S> evolve(Optional<S> state, Record event) {
                return kind.events().after().apply(event);
            }
        };
    }
}
