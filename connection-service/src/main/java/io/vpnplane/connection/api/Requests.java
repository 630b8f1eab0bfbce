package io.vpnplane.connection.api;

import java.util.UUID;

import io.vpnplane.eventsourcing.EventContext;

/** What every write needs to know about its request. */
public final class Requests {

    public static final String REQUEST_ID = "X-Request-Id";

    private Requests() {
    }

    /** The request id (or a fresh one) becomes the events' correlation id. */
    public static EventContext context(String account, String requestId) {
        return EventContext.of(account, requestId == null || requestId.isBlank() || requestId.length() > 200
                ? UUID.randomUUID().toString() : requestId);
    }

    /** Resource ids: a prefix and 20 random hex digits, e.g. {@code vco-1f0c…}. */
    public static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }
}
