package io.vpnplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The compatibility gate of the public contract: every type in {@link EventCatalog} must have its committed schema
 * in docs/events/, and the current record must be compatible with it.
 *
 * <p>After a compatible change or a new event type, refresh the folder with
 * {@code ./mvnw -pl events test -Dtest=PublishedSchemasTest -Dvpnplane.events.write-schemas=true} and commit it.
 */
class PublishedSchemasTest {

    private static final String WRITE = "vpnplane.events.write-schemas";

    @Test
    void everyPublishedEventTypeIsCompatibleWithItsCommittedSchema() {
        PublishedSchemas docs = new PublishedSchemas(RepositoryFiles.root().resolve("docs/events"));
        if (Boolean.getBoolean(WRITE)) {
            docs.write(EventCatalog.all());
        }

        PublishedSchemas.Report report = docs.check(EventCatalog.all());

        assertThat(report.breaking()).as("breaking changes: add a new version of the event instead").isEmpty();
        assertThat(report.missing()).as("types without a committed schema: run with -D" + WRITE + "=true and commit docs/events").isEmpty();
        assertThat(report.outdated()).as("committed schemas older than a compatible change: run with -D" + WRITE + "=true and commit").isEmpty();
    }

    @Test
    void theGateCatchesABreakingChangeAgainstACommittedSchema(@TempDir Path folder) throws Exception {
        EventTypes types = EventTypes.of(SampleEvents.Sample.class);
        PublishedSchemas schemas = new PublishedSchemas(folder);

        assertThat(schemas.check(types).missing()).hasSize(2);
        assertThat(schemas.write(types)).hasSize(2);
        assertThat(schemas.check(types).upToDate()).isTrue();

        // Pretend the committed v1 had a required field the current record no longer has.
        Path file = folder.resolve("io.vpnplane.sample.renamed.v1.schema.json");
        ObjectNode committed = (ObjectNode) new ObjectMapper().readTree(file.toFile());
        ((ObjectNode) committed.get("properties")).putObject("legacy").put("type", "string");
        committed.withArray("required").add("legacy");
        Files.writeString(file, PublishedSchemas.render(committed));

        PublishedSchemas.Report report = schemas.check(types);
        assertThat(report.breaking()).isEqualTo(List.of("io.vpnplane.sample.renamed.v1 $.legacy: removed (or renamed)"));
        assertThatThrownBy(() -> schemas.write(types)).hasMessageContaining("breaking");
    }
}
