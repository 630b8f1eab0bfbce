package io.vpnplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The rule of docs/events: adding optional fields is compatible, everything that breaks a reader is not. */
class SchemaCompatibilityTest {

    enum Mode { SINGLE, DUAL }

    enum ModeShrunk { SINGLE }

    enum ModeGrown { SINGLE, DUAL, TRIPLE }

    record Peer(String address, Optional<Integer> asn) {
    }

    record PeerWithRequired(String address, Optional<Integer> asn, String zone) {
    }

    record V1(String name, Optional<String> note, int count, Mode mode, List<Peer> peers) {
    }

    record AddedOptional(String name, Optional<String> note, int count, Mode mode, List<Peer> peers, Optional<String> extra) {
    }

    record AddedEnumValue(String name, Optional<String> note, int count, ModeGrown mode, List<Peer> peers) {
    }

    record Removed(String name, int count, Mode mode, List<Peer> peers) {
    }

    record Renamed(String title, Optional<String> note, int count, Mode mode, List<Peer> peers) {
    }

    record Retyped(String name, Optional<String> note, String count, Mode mode, List<Peer> peers) {
    }

    record AddedRequired(String name, Optional<String> note, int count, Mode mode, List<Peer> peers, String extra) {
    }

    record MadeRequired(String name, String note, int count, Mode mode, List<Peer> peers) {
    }

    record MadeOptional(Optional<String> name, Optional<String> note, int count, Mode mode, List<Peer> peers) {
    }

    record RemovedEnumValue(String name, Optional<String> note, int count, ModeShrunk mode, List<Peer> peers) {
    }

    record NestedRequiredAdded(String name, Optional<String> note, int count, Mode mode, List<PeerWithRequired> peers) {
    }

    @Test
    void addingOptionalFieldsOrEnumValuesIsCompatible() {
        assertThat(changes(V1.class, V1.class)).isEmpty();
        assertThat(changes(V1.class, AddedOptional.class)).isEmpty();
        assertThat(changes(V1.class, AddedEnumValue.class)).isEmpty();
    }

    @Test
    void removingRenamingRetypingOrRequiringFieldsBreaks() {
        assertThat(changes(V1.class, Removed.class)).containsExactly("$.note: removed (or renamed)");
        assertThat(changes(V1.class, Renamed.class)).contains("$.name: removed (or renamed)", "$.title: new required property (old events lack it); make it Optional");
        assertThat(changes(V1.class, Retyped.class)).containsExactly("$.count: type changed from integer to string");
        assertThat(changes(V1.class, AddedRequired.class)).containsExactly("$.extra: new required property (old events lack it); make it Optional");
        assertThat(changes(V1.class, MadeRequired.class)).containsExactly("$.note: was optional, now required (old events lack it)");
        assertThat(changes(V1.class, MadeOptional.class)).containsExactly("$.name: was required, now optional (consumers rely on it)");
        assertThat(changes(V1.class, RemovedEnumValue.class)).containsExactly("$.mode: enum value DUAL removed");
        assertThat(changes(V1.class, NestedRequiredAdded.class)).containsExactly("$.peers[].zone: new required property (old events lack it); make it Optional");
    }

    private static List<String> changes(Class<? extends Record> published, Class<? extends Record> current) {
        return SchemaCompatibility.breakingChanges(schema(published), schema(current));
    }

    static JsonNode schema(Class<? extends Record> type) {
        return EventSchemas.generate(new EventTypeInfo(type, new EventTypeName("io.vpnplane.compat.sample", 1), Topics.CONNECTIONS));
    }
}
