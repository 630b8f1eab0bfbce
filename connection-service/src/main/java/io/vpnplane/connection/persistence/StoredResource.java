package io.vpnplane.connection.persistence;

import java.time.Instant;

import io.vertx.mutiny.sqlclient.Row;

/** One read-model row: the resource's latest state JSON and its bookkeeping. */
public record StoredResource(String id, String accountId, long version, Instant createdAt, Instant updatedAt,
        String state) {

    static final String COLUMNS = "id, account_id, version, created_at, updated_at, state::text AS state";

    static StoredResource of(Row row) {
        return new StoredResource(row.getString("id"), row.getString("account_id"), row.getLong("version"),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant(),
                row.getString("state"));
    }
}
