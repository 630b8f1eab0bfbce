package io.vpnplane.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.vpnplane.events.Topics;
import io.vpnplane.testkit.KafkaBroker;

/** Every record of every contract topic as text (key, value and headers), for "no secret in plain text" scans. */
final class TopicScan {

    private TopicScan() {
    }

    static List<String> allRecords(KafkaBroker broker) {
        List<String> texts = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : Topics.all()) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                    StringBuilder text = new StringBuilder();
                    if (record.key() != null) {
                        text.append(new String(record.key(), StandardCharsets.ISO_8859_1)).append(' ');
                    }
                    if (record.value() != null) {
                        text.append(new String(record.value(), StandardCharsets.ISO_8859_1));
                    }
                    record.headers().forEach(h -> text.append(' ').append(new String(h.value(), StandardCharsets.ISO_8859_1)));
                    texts.add(text.toString());
                });
            }
        }
        return texts;
    }
}
