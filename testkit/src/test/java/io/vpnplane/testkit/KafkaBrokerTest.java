package io.vpnplane.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void brokerCarriesRecordsAndHasTheContractTopics() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared().createContractTopics();
        assertThat(kafka.topicNames()).contains("vpn.connections", "vpn.agent-config", "vpn.routes");
        try (var admin = kafka.admin()) {
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, "vpn.agent-config");
            ConfigEntry policy = admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy");
            assertThat(policy.value()).isEqualTo("compact");
        }

        String topic = kafka.createUniqueTopic("testkit", 1);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "testkit");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> seen = new java.util.ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            assertThat(seen).extracting(ConsumerRecord::value).containsExactly("hello");
        }
    }

    @Test
    void freshDatabaseIsEmptyAndSeparate() throws Exception {
        PostgresDatabase a = PostgresDatabase.fresh("testkit");
        PostgresDatabase b = PostgresDatabase.fresh("testkit");
        assertThat(a.name()).isNotEqualTo(b.name());
        try (var conn = a.connect(); Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE t (x int)");
        }
        try (var conn = b.connect(); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 't'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        a.drop();
        b.drop();
    }
}
