package io.vpnplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Keeps docs/asyncapi.json, the event subscribers' contract, equal to what the code publishes. After adding a topic
 * or an event type, regenerate with
 * {@code ./mvnw -B -pl events test -Dtest=AsyncApiDocumentTest -Dvpnplane.events.write-asyncapi=true} (or
 * {@code ./vpnplane docs}, which also validates it with the AsyncAPI CLI) and commit it.
 */
class AsyncApiDocumentTest {

    private static final String WRITE = "vpnplane.events.write-asyncapi";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theCommittedAsyncApiDocumentIsTheGeneratedOne() throws Exception {
        Path root = RepositoryFiles.root();
        Path file = root.resolve("docs/asyncapi.json");
        String generated = PublishedSchemas.render(AsyncApiDocument.build(EventCatalog.all(), root));
        if (Boolean.getBoolean(WRITE)) {
            Files.writeString(file, generated);
        }

        assertThat(Files.isRegularFile(file)).as("docs/asyncapi.json missing: run with -D" + WRITE + "=true").isTrue();
        assertThat(JSON.readTree(file.toFile()))
                .as("docs/asyncapi.json is out of date: run with -D" + WRITE + "=true and commit it")
                .isEqualTo(JSON.readTree(generated));
    }

    @Test
    void everyTopicAndEveryCatalogEventTypeIsDescribed() throws Exception {
        JsonNode doc = AsyncApiDocument.build(EventCatalog.all(), RepositoryFiles.root());

        List<String> addresses = new ArrayList<>();
        doc.get("channels").forEach(channel -> addresses.add(channel.get("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(Topics.all());

        for (EventTypeInfo type : EventCatalog.all().all()) {
            JsonNode channel = doc.get("channels").get(AsyncApiDocument.channelId(type.topic()));
            assertThat(channel.get("messages").has(type.ceType())).as(type.ceType() + " on " + type.topic()).isTrue();
            assertThat(doc.at("/components/schemas/" + type.ceType().replace("~", "~0").replace("/", "~1") + "/properties").isObject())
                    .as("payload schema of " + type.ceType()).isTrue();
        }
        JsonNode agentConfig = doc.get("channels").get(AsyncApiDocument.channelId(Topics.AGENT_CONFIG));
        assertThat(agentConfig.at("/bindings/kafka/topicConfiguration/cleanup.policy/0").asText()).isEqualTo("compact");
    }
}
