package io.vpnplane.agent.managed;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.CloudEventHeaders;
import io.vpnplane.events.EventTypeInfo;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.agentstatus.AgentStatusEvent;
import io.vpnplane.events.bgp.BgpObservation;
import io.vpnplane.events.node.GatewayNodeEvent;

/**
 * Sends the agent's events as binary-mode CloudEvents ({@code ce_source} {@code /vpnplane/gateway-agent}), key =
 * subject, on the topic their type declares. Fire and forget: a failed send is logged; heartbeats repeat and
 * observations describe a state the next observation supersedes.
 */
final class EventSender {

    static final URI SOURCE = URI.create("/vpnplane/gateway-agent");
    private static final Logger LOG = Logger.getLogger(EventSender.class.getName());
    private static final EventTypes TYPES = EventTypes.of(GatewayNodeEvent.class, AgentStatusEvent.class, BgpObservation.class);

    private final Producer<String, byte[]> producer;

    EventSender(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    void send(Record event, String subject, Instant time, Optional<String> account) {
        EventTypeInfo info = TYPES.describe(event);
        CloudEvent cloudEvent = new CloudEvent(UUID.randomUUID(), SOURCE, info.ceType(), subject, time, account,
                UUID.randomUUID().toString(), Optional.empty(), Optional.empty(), TYPES.encode(event));
        producer.send(new ProducerRecord<>(info.topic(), null, subject, cloudEvent.data(), CloudEventHeaders.toKafka(cloudEvent)),
                (metadata, failure) -> {
                    if (failure != null) {
                        LOG.log(Level.WARNING, info.ceType() + " for " + subject + " not sent: " + failure.getMessage());
                    }
                });
    }
}
