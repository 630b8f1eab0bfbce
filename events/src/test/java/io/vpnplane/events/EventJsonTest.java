package io.vpnplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class EventJsonTest {

    private final SampleEvents.Created created = new SampleEvents.Created(
            UUID.fromString("0b7e7c9e-8d0c-4a0a-9d43-5bb2d0f5b0a1"), "office", SampleEvents.Mode.DUAL,
            Instant.parse("2026-11-22T10:15:30.5Z"), Duration.ofSeconds(30),
            List.of(new SampleEvents.Peer("198.51.100.7", Optional.of(65001)), new SampleEvents.Peer("198.51.100.8", Optional.empty())),
            Set.of("prod"), Map.of("rekeys", 3L), Optional.empty(), 7L, true);

    @Test
    void writesJavaTimeAsIsoStringsAndLeavesAbsentValuesOut() throws Exception {
        JsonNode json = EventJson.mapper().readTree(EventJson.mapper().writeValueAsBytes(created));

        assertThat(json.get("at").asText()).isEqualTo("2026-11-22T10:15:30.500Z");
        assertThat(json.get("dpdTimeout").asText()).isEqualTo("PT30S");
        assertThat(json.get("mode").asText()).isEqualTo("DUAL");
        assertThat(json.has("description")).isFalse();
        assertThat(json.get("peers").get(0).get("asn").asInt()).isEqualTo(65001);
        assertThat(json.get("peers").get(1).has("asn")).isFalse();
    }

    @Test
    void roundTripsRecordsAndIgnoresFieldsAddedByANewerCompatibleVersion() throws Exception {
        byte[] bytes = EventJson.mapper().writeValueAsBytes(created);
        assertThat(EventJson.mapper().readValue(bytes, SampleEvents.Created.class)).isEqualTo(created);

        String newer = "{\"id\":\"0b7e7c9e-8d0c-4a0a-9d43-5bb2d0f5b0a1\",\"name\":\"n\",\"addedLater\":{\"x\":1}}";
        assertThat(EventJson.mapper().readValue(newer, SampleEvents.Renamed.class).name()).isEqualTo("n");
    }

    @Test
    void missingOptionalFieldsReadAsEmpty() throws Exception {
        SampleEvents.Peer peer = EventJson.mapper().readValue("{\"address\":\"192.0.2.1\"}", SampleEvents.Peer.class);
        assertThat(peer.asn()).isEmpty();
    }
}
