package io.vpnplane.events;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The CloudEvents Kafka protocol binding, binary content mode: every attribute is a {@code ce_<name>} header
 * (UTF-8), the data is the record value, {@code content-type} says {@code application/json}. Extension names are
 * lower-case alphanumerics as CloudEvents requires: {@code account}, {@code correlationid}, {@code causationid},
 * {@code traceparent} (the Distributed Tracing extension).
 */
public final class CloudEventHeaders {

    public static final String SPECVERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String ACCOUNT = "ce_account";
    public static final String CORRELATION_ID = "ce_correlationid";
    public static final String CAUSATION_ID = "ce_causationid";
    public static final String TRACEPARENT = "ce_traceparent";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String APPLICATION_JSON = "application/json";

    private CloudEventHeaders() {
    }

    /** The headers of {@code event} in binary mode; the caller sends {@link CloudEvent#data()} as the value and {@link CloudEvent#subject()} as the key. */
    public static Headers toKafka(CloudEvent event) {
        RecordHeaders headers = new RecordHeaders();
        put(headers, SPECVERSION, SPEC_VERSION_1_0);
        put(headers, ID, event.id().toString());
        put(headers, SOURCE, event.source().toString());
        put(headers, TYPE, event.type());
        put(headers, SUBJECT, event.subject());
        put(headers, TIME, DateTimeFormatter.ISO_INSTANT.format(event.time()));
        put(headers, CONTENT_TYPE, APPLICATION_JSON);
        event.account().ifPresent(v -> put(headers, ACCOUNT, v));
        put(headers, CORRELATION_ID, event.correlationId());
        event.causationId().ifPresent(v -> put(headers, CAUSATION_ID, v));
        event.traceparent().ifPresent(v -> put(headers, TRACEPARENT, v));
        return headers;
    }

    /**
     * Reads a binary-mode record back into a {@link CloudEvent}.
     *
     * @throws MalformedCloudEvent when a required attribute is missing or unparsable, or the spec version is not 1.0
     */
    public static CloudEvent fromKafka(Headers headers, byte[] value) {
        String specversion = required(headers, SPECVERSION);
        if (!SPEC_VERSION_1_0.equals(specversion)) {
            throw new MalformedCloudEvent("unsupported ce_specversion " + specversion);
        }
        optional(headers, CONTENT_TYPE).filter(ct -> !ct.startsWith(APPLICATION_JSON)).ifPresent(ct -> {
            throw new MalformedCloudEvent("content-type " + ct + " is not " + APPLICATION_JSON);
        });
        try {
            return new CloudEvent(
                    UUID.fromString(required(headers, ID)),
                    URI.create(required(headers, SOURCE)),
                    required(headers, TYPE),
                    required(headers, SUBJECT),
                    Instant.parse(required(headers, TIME)),
                    optional(headers, ACCOUNT),
                    required(headers, CORRELATION_ID),
                    optional(headers, CAUSATION_ID),
                    optional(headers, TRACEPARENT),
                    value == null ? new byte[0] : value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedCloudEvent("unparsable CloudEvents attribute: " + e.getMessage());
        }
    }

    private static void put(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(Headers headers, String key) {
        return optional(headers, key).orElseThrow(() -> new MalformedCloudEvent("missing header " + key));
    }

    private static Optional<String> optional(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? Optional.empty() : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    /** A Kafka record that is not a valid binary-mode CloudEvent of ours. */
    public static final class MalformedCloudEvent extends RuntimeException {
        public MalformedCloudEvent(String message) {
            super(message);
        }
    }
}
