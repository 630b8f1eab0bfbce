package io.vpnplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventTypesTest {

    private final EventTypes types = EventTypes.of(SampleEvents.Sample.class);

    @Test
    void registersEveryRecordOfASealedFamilyWithItsTypeAndTopic() {
        assertThat(types.all()).extracting(EventTypeInfo::ceType)
                .containsExactlyInAnyOrder("io.vpnplane.sample.created.v1", "io.vpnplane.sample.renamed.v1");
        assertThat(types.describe(SampleEvents.Created.class).topic()).isEqualTo(Topics.CONNECTIONS);
        assertThat(types.describe(SampleEvents.Renamed.class).topic()).as("record annotation overrides the family").isEqualTo(Topics.TUNNELS);
        assertThat(types.byCeType("io.vpnplane.sample.renamed.v1")).map(EventTypeInfo::recordClass).contains(SampleEvents.Renamed.class);
    }

    @Test
    void decodesKnownTypesAndReportsUnknownOnesAsEmpty() {
        UUID id = UUID.randomUUID();
        byte[] json = types.encode(new SampleEvents.Renamed(id, "x"));

        assertThat(types.decode("io.vpnplane.sample.renamed.v1", json)).contains(new SampleEvents.Renamed(id, "x"));
        assertThat(types.decode("io.vpnplane.sample.renamed.v2", json)).isEmpty();
        assertThatThrownBy(() -> types.decode("io.vpnplane.sample.renamed.v1", "[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMisconfiguredEvents() {
        assertThatThrownBy(() -> EventTypes.of(SampleEvents.NotAnnotated.class)).hasMessageContaining("@EventType");
        assertThatThrownBy(() -> EventTypes.of(SampleEvents.NoTopic.class)).hasMessageContaining("@EventTopic");
        assertThatThrownBy(() -> EventTypes.of(SampleEvents.UnknownTopic.class)).hasMessageContaining("vpn.nowhere");
        assertThatThrownBy(() -> EventTypes.of(SampleEvents.Sample.class, SampleEvents.CreatedAgain.class))
                .hasMessageContaining("io.vpnplane.sample.created.v1");
        assertThatThrownBy(() -> types.encode(new SampleEvents.NotAnnotated(UUID.randomUUID()))).hasMessageContaining("not a registered");
    }

    @Test
    void theCatalogIsAValidRegistry() {
        assertThat(EventCatalog.all().all()).isNotEmpty();
        assertThat(EventCatalog.all().all()).allSatisfy(info -> assertThat(info.ceType()).startsWith("io.vpnplane."));
    }
}
