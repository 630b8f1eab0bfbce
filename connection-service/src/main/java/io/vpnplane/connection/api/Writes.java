package io.vpnplane.connection.api;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import io.vpnplane.api.ApiProblemException;
import io.vpnplane.api.ETags;
import io.vpnplane.api.Problem;
import io.vpnplane.connection.persistence.ConnectionReadModel;
import io.vpnplane.connection.persistence.IdempotencyKeys;
import io.vpnplane.eventsourcing.AppendResult;
import io.vpnplane.eventsourcing.EventContext;
import io.vpnplane.eventsourcing.EventStore;
import io.vpnplane.eventsourcing.ExpectedVersion;
import io.vpnplane.eventsourcing.StateFold;
import io.vpnplane.eventsourcing.StreamId;
import io.vpnplane.eventsourcing.Versioned;
import io.vpnplane.events.EventJson;

/**
 * The command path shared by every resource: one transaction loads the stream, decides, appends at the loaded
 * version (a concurrent writer makes it fail with {@code StreamVersionConflict}: 409, or 412 under If-Match) and
 * updates the read model.
 */
@Singleton
public class Writes {

    @Inject
    Pool pool;

    @Inject
    EventStore store;

    @Inject
    ConnectionReadModel readModel;

    public Pool pool() {
        return pool;
    }

    public <S> Uni<Versioned<S>> load(SqlConnection tx, StreamId stream, StateFold<S> fold) {
        return store.load(tx, stream, fold);
    }

    /** Appends at exactly {@code version} and projects the new events in the same transaction. */
    public Uni<AppendResult> append(SqlConnection tx, StreamId stream, long version, List<? extends Record> events,
            EventContext context) {
        return store.append(tx, stream, ExpectedVersion.exactly(version), events, context)
                .call(appended -> appended.events().isEmpty() ? Uni.createFrom().voidItem()
                        : readModel.apply(appended.events(), tx));
    }

    /**
     * Runs a create in one transaction, honouring an {@code Idempotency-Key}: a repeated key with the same
     * request answers what the first did, without running {@code create} again.
     */
    public Uni<Response> idempotentCreate(String account, Optional<String> key, String operation, JsonNode request,
            Function<SqlConnection, Uni<Created>> create) {
        return pool.withTransaction(tx -> {
            Uni<Optional<IdempotencyKeys.Answer>> previous = key.isEmpty() ? Uni.createFrom().item(Optional.empty())
                    : IdempotencyKeys.previous(tx, account, key.get(), operation, request);
            return previous.chain(answer -> {
                if (answer.isPresent()) {
                    return Uni.createFrom().item(replay(answer.get()));
                }
                return create.apply(tx).chain(created -> {
                    IdempotencyKeys.Answer first = new IdempotencyKeys.Answer(201, created.body().toString(),
                            Optional.of(created.location()));
                    // Two requests with one new key race: the loser's insert hits the primary key.
                    Uni<Void> remembered = key.isEmpty() ? Uni.createFrom().voidItem()
                            : IdempotencyKeys.remember(tx, account, key.get(), operation, request, first)
                                    .onFailure(Writes::isDuplicateKey)
                                    .transform(e -> new ApiProblemException(Problem.of(409,
                                            "Conflict.IdempotencyKeyInFlight", "a request with this Idempotency-Key"
                                                    + " is being processed; retry to get its answer")
                                            .withField(IdempotencyKeys.HEADER)));
                    return remembered.replaceWith(Response.created(URI.create(created.location()))
                            .tag(ETags.entityTag(created.version())).type(MediaType.APPLICATION_JSON)
                            .entity(created.body()).build());
                });
            });
        });
    }

    private static boolean isDuplicateKey(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    /** What a create answers: the new resource's view, where it lives and its version. */
    public record Created(ObjectNode body, String location, long version) {
    }

    private static Response replay(IdempotencyKeys.Answer answer) {
        Response.ResponseBuilder response = Response.status(answer.status()).type(MediaType.APPLICATION_JSON)
                .entity(answer.body());
        answer.location().ifPresent(l -> response.location(URI.create(l)));
        try {
            JsonNode version = EventJson.mapper().readTree(answer.body()).get("version");
            if (version != null && version.canConvertToLong()) {
                response.tag(ETags.entityTag(version.longValue()));
            }
        } catch (Exception e) {
            throw new IllegalStateException("stored answer is not JSON", e);
        }
        return response.build();
    }

    /** 200 with the view and its ETag. */
    public static Response ok(ObjectNode view, long version) {
        return Response.ok(view, MediaType.APPLICATION_JSON).tag(ETags.entityTag(version)).build();
    }
}
