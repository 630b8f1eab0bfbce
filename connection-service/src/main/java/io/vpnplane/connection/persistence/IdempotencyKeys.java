package io.vpnplane.connection.persistence;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vpnplane.api.ApiProblemException;
import io.vpnplane.api.Problem;
import io.vpnplane.events.EventJson;

/**
 * {@code Idempotency-Key} on POST: the first answer is stored with the request in the creating transaction; the
 * same key with the same body gets that answer again (no second resource), the same key with another body is
 * refused (422). Keys are per account.
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";

    public record Answer(int status, String body, Optional<String> location) {
    }

    private IdempotencyKeys() {
    }

    public static Uni<Optional<Answer>> previous(SqlClient tx, String account, String key, String operation,
            JsonNode request) {
        return tx.preparedQuery("SELECT operation, request::text AS request, status, response, location"
                        + " FROM idempotency_key WHERE account_id = $1 AND idempotency_key = $2 FOR UPDATE")
                .execute(Tuple.of(account, key))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    var row = rows.iterator().next();
                    JsonNode stored;
                    try {
                        stored = EventJson.mapper().readTree(row.getString("request"));
                    } catch (Exception e) {
                        throw new IllegalStateException("stored idempotent request unreadable", e);
                    }
                    if (!row.getString("operation").equals(operation) || !stored.equals(request)) {
                        throw new ApiProblemException(Problem.of(422, "Conflict.IdempotencyKeyReused",
                                "Idempotency-Key " + key + " was already used with another request; use a new key")
                                .withField(HEADER));
                    }
                    return Optional.of(new Answer(row.getInteger("status"), row.getString("response"),
                            Optional.ofNullable(row.getString("location"))));
                });
    }

    public static Uni<Void> remember(SqlClient tx, String account, String key, String operation, JsonNode request,
            Answer answer) {
        return tx.preparedQuery("INSERT INTO idempotency_key (account_id, idempotency_key, operation, request, status,"
                        + " response, location) VALUES ($1, $2, $3, $4::text::jsonb, $5, $6, $7)")
                .execute(Tuple.from(java.util.Arrays.asList(account, key, operation, request.toString(),
                        answer.status(), answer.body(), answer.location().orElse(null))))
                .replaceWithVoid();
    }

    /** A key is 1–255 visible ASCII characters. */
    public static Optional<String> validated(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.isEmpty() || header.length() > 255 || !header.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ApiProblemException.invalidParameter(new Problem.FieldError("InvalidParameter.IdempotencyKey",
                    HEADER, "an Idempotency-Key is 1 to 255 visible ASCII characters"));
        }
        return Optional.of(header);
    }
}
