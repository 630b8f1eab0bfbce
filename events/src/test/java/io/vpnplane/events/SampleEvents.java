package io.vpnplane.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Test-only event records exercising the registry, the JSON rules and the schema generator. */
final class SampleEvents {

    private SampleEvents() {
    }

    enum Mode { SINGLE, DUAL }

    record Peer(String address, Optional<Integer> asn) {
    }

    @EventTopic(Topics.CONNECTIONS)
    sealed interface Sample permits Created, Renamed {
    }

    @EventType(value = "io.vpnplane.sample.created", version = 1)
    record Created(UUID id, String name, Mode mode, Instant at, Duration dpdTimeout, List<Peer> peers, Set<String> tags,
                   Map<String, Long> counters, Optional<String> description, long size, boolean enabled) implements Sample {
    }

    @EventType(value = "io.vpnplane.sample.renamed", version = 1)
    @EventTopic(Topics.TUNNELS)
    record Renamed(UUID id, String name) implements Sample {
    }

    @EventType(value = "io.vpnplane.sample.created", version = 1)
    @EventTopic(Topics.CONNECTIONS)
    record CreatedAgain(UUID id) {
    }

    record NotAnnotated(UUID id) {
    }

    @EventType(value = "io.vpnplane.sample.lost", version = 1)
    @EventTopic("vpn.nowhere")
    record UnknownTopic(UUID id) {
    }

    @EventType(value = "io.vpnplane.sample.homeless", version = 1)
    record NoTopic(UUID id) {
    }
}
