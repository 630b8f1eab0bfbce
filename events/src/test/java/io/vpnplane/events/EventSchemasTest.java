package io.vpnplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

class EventSchemasTest {

    private final EventTypes types = EventTypes.of(SampleEvents.Sample.class);
    private final JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(EventSchemas.generate(types.describe(SampleEvents.Created.class)));

    @Test
    void whatEventJsonWritesValidatesAgainstTheGeneratedSchema() throws Exception {
        var created = new SampleEvents.Created(UUID.randomUUID(), "office", SampleEvents.Mode.SINGLE, Instant.now(), Duration.ofMillis(1500),
                List.of(new SampleEvents.Peer("198.51.100.7", Optional.empty())), Set.of("a", "b"), Map.of("k", 1L),
                Optional.of("note"), 1, false);
        JsonNode json = EventJson.mapper().readTree(types.encode(created));

        assertThat(schema.validate(json)).isEmpty();
    }

    @Test
    void theSchemaRejectsMissingRequiredFieldsAndWrongTypes() throws Exception {
        var created = new SampleEvents.Created(UUID.randomUUID(), "office", SampleEvents.Mode.SINGLE, Instant.now(), Duration.ZERO,
                List.of(), Set.of(), Map.of(), Optional.empty(), 1, true);
        ObjectNode json = (ObjectNode) EventJson.mapper().readTree(types.encode(created));

        ObjectNode withoutName = json.deepCopy();
        withoutName.remove("name");
        assertThat(schema.validate(withoutName)).isNotEmpty();

        ObjectNode badMode = json.deepCopy();
        badMode.put("mode", "TRIPLE");
        assertThat(schema.validate(badMode)).isNotEmpty();

        ObjectNode badSize = json.deepCopy();
        badSize.put("size", "big");
        assertThat(schema.validate(badSize)).isNotEmpty();
    }

    @Test
    void optionalComponentsAreNotRequired() {
        JsonNode s = EventSchemas.generate(types.describe(SampleEvents.Created.class));

        assertThat(s.get("required")).extracting(JsonNode::asText).doesNotContain("description").contains("name", "mode");
        assertThat(s.at("/properties/peers/items/required")).extracting(JsonNode::asText).containsExactly("address");
        assertThat(s.at("/properties/at/format").asText()).isEqualTo("date-time");
        assertThat(s.at("/properties/tags/uniqueItems").asBoolean()).isTrue();
    }

    record WithObject(Object anything) {
    }

    @Test
    void refusesTypesWithoutAJsonMapping() {
        assertThatThrownBy(() -> EventSchemas.generate(new EventTypeInfo(WithObject.class, new EventTypeName("io.vpnplane.x.y", 1), Topics.BGP)))
                .hasMessageContaining("anything");
    }
}
