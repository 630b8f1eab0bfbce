package io.vpnplane.eventsourcing;

import java.net.URI;
import java.util.Optional;

import io.vertx.core.json.JsonObject;

/** The {@code metadata} column: the CloudEvents attributes that are not columns of their own. */
record EventMetadata(URI source, EventContext context) {

    String toJson() {
        JsonObject json = new JsonObject().put("source", source.toString());
        context.account().ifPresent(v -> json.put("account", v));
        json.put("correlationid", context.correlationId());
        context.causationId().ifPresent(v -> json.put("causationid", v));
        context.traceparent().ifPresent(v -> json.put("traceparent", v));
        return json.encode();
    }

    static EventMetadata fromJson(String text) {
        JsonObject json = new JsonObject(text);
        return new EventMetadata(URI.create(json.getString("source")), new EventContext(
                Optional.ofNullable(json.getString("account")),
                json.getString("correlationid"),
                Optional.ofNullable(json.getString("causationid")),
                Optional.ofNullable(json.getString("traceparent"))));
    }
}
