package io.vpnplane.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration of event data, used by every producer and consumer so the wire form cannot drift:
 * records by their component names, {@code java.time} values as ISO-8601 strings, {@code Optional.empty()} and
 * nulls not written, unknown properties ignored (a reader must accept fields added by a newer compatible schema).
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = configure(JsonMapper.builder()).build();

    private EventJson() {
    }

    /** The shared, thread-safe mapper. Do not reconfigure it; use {@link #configure} to build your own. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Applies the event JSON rules to a builder, e.g. to align a service's REST mapper with the event mapper. */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .serializationInclusion(JsonInclude.Include.NON_ABSENT);
    }
}
