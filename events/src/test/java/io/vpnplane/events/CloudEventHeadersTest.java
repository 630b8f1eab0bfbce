package io.vpnplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

    private static final CloudEvent FULL = new CloudEvent(
            UUID.fromString("6f1c2a52-5d7e-4c61-9d6f-0e0b8f4f3f11"),
            URI.create("/vpnplane/connection-service"),
            "io.vpnplane.ipsec-connection.created.v1",
            "vpn-0a1b2c3d",
            Instant.parse("2026-11-22T10:15:30.123456Z"),
            Optional.of("acc-42"),
            "req-7",
            Optional.of("cmd-9"),
            Optional.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    @Test
    void binaryModeHeadersCarryEveryAttribute() {
        Headers h = CloudEventHeaders.toKafka(FULL);

        assertThat(text(h, "ce_specversion")).isEqualTo("1.0");
        assertThat(text(h, "ce_id")).isEqualTo("6f1c2a52-5d7e-4c61-9d6f-0e0b8f4f3f11");
        assertThat(text(h, "ce_source")).isEqualTo("/vpnplane/connection-service");
        assertThat(text(h, "ce_type")).isEqualTo("io.vpnplane.ipsec-connection.created.v1");
        assertThat(text(h, "ce_subject")).isEqualTo("vpn-0a1b2c3d");
        assertThat(text(h, "ce_time")).isEqualTo("2026-11-22T10:15:30.123456Z");
        assertThat(text(h, "ce_account")).isEqualTo("acc-42");
        assertThat(text(h, "ce_correlationid")).isEqualTo("req-7");
        assertThat(text(h, "ce_causationid")).isEqualTo("cmd-9");
        assertThat(text(h, "ce_traceparent")).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(text(h, "content-type")).isEqualTo("application/json");
    }

    @Test
    void attributeNamesFollowTheCloudEventsNamingRule() {
        // CloudEvents 1.0: attribute names are lower-case a-z and 0-9 only; the Kafka binding prefixes ce_.
        Pattern name = Pattern.compile("ce_[a-z0-9]{1,20}");
        for (Header header : CloudEventHeaders.toKafka(FULL)) {
            if (!header.key().equals("content-type")) {
                assertThat(header.key()).matches(name);
            }
        }
    }

    @Test
    void roundTripsWithAndWithoutOptionalAttributes() {
        CloudEvent minimal = new CloudEvent(UUID.randomUUID(), URI.create("/vpnplane/tunnel-service"), "io.vpnplane.platform.projection-rebuilt.v1",
                "tunnel-summary", Instant.parse("2026-01-01T00:00:00Z"), Optional.empty(), "c", Optional.empty(), Optional.empty(), new byte[] {'{', '}'});

        assertThat(CloudEventHeaders.fromKafka(CloudEventHeaders.toKafka(FULL), FULL.data())).isEqualTo(FULL);
        assertThat(CloudEventHeaders.fromKafka(CloudEventHeaders.toKafka(minimal), minimal.data())).isEqualTo(minimal);
        assertThat(CloudEventHeaders.toKafka(minimal).lastHeader("ce_account")).isNull();
    }

    @Test
    void rejectsMissingRequiredAttributesAndOtherSpecVersions() {
        Headers noId = CloudEventHeaders.toKafka(FULL);
        noId.remove("ce_id");
        assertThatThrownBy(() -> CloudEventHeaders.fromKafka(noId, FULL.data()))
                .isInstanceOf(CloudEventHeaders.MalformedCloudEvent.class).hasMessageContaining("ce_id");

        Headers v03 = CloudEventHeaders.toKafka(FULL);
        v03.remove("ce_specversion");
        v03.add("ce_specversion", "0.3".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CloudEventHeaders.fromKafka(v03, FULL.data())).hasMessageContaining("0.3");

        Headers badTime = CloudEventHeaders.toKafka(FULL);
        badTime.remove("ce_time");
        badTime.add("ce_time", "yesterday".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CloudEventHeaders.fromKafka(badTime, FULL.data())).isInstanceOf(CloudEventHeaders.MalformedCloudEvent.class);
    }

    @Test
    void typeCarriesNameAndVersion() {
        assertThat(FULL.typeName()).isEqualTo("io.vpnplane.ipsec-connection.created");
        assertThat(FULL.schemaVersion()).isEqualTo(1);
        assertThatThrownBy(() -> EventTypeName.parse("io.vpnplane.ipsec-connection.created")).hasMessageContaining("version suffix");
        assertThatThrownBy(() -> new EventTypeName("io.vpnplane.thing.v2", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String text(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
