package io.vpnplane.tunnel.agentconfig;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.vpnplane.events.EventCatalog;
import io.vpnplane.events.agentconfig.TunnelConfigWithdrawn;

/**
 * The outbox relay's producer for tunnel-service: sends {@link TunnelConfigWithdrawn} as a Kafka tombstone (null value,
 * same key and {@code ce_*} headers) so the compacted {@code vpn.agent-config} forgets the tunnel; every other record
 * passes unchanged. The event table keeps the withdrawn event's data, so the relay stays the only path to Kafka.
 */
public final class TombstoningProducer extends KafkaProducer<String, byte[]> {

    static final String WITHDRAWN_TYPE = EventCatalog.all().describe(TunnelConfigWithdrawn.class).ceType();

    public TombstoningProducer(Map<String, Object> properties) {
        super(properties, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        return super.send(isWithdrawal(record) ? asTombstone(record) : record, callback);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        return send(record, null);
    }

    static boolean isWithdrawal(ProducerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader("ce_type");
        return type != null && WITHDRAWN_TYPE.equals(new String(type.value(), StandardCharsets.UTF_8));
    }

    static ProducerRecord<String, byte[]> asTombstone(ProducerRecord<String, byte[]> record) {
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(), null, record.headers());
    }
}
