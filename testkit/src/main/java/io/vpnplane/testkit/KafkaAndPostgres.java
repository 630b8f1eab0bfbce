package io.vpnplane.testkit;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker (with the contract topics) and a PostgreSQL database of its
 * own. Use with {@code @QuarkusTestResource(KafkaAndPostgres.class)}; the {@code prefix} init argument names the
 * database.
 */
public class KafkaAndPostgres implements QuarkusTestResourceLifecycleManager {

    private String prefix = "vpnplane_test";
    private PostgresDatabase database;

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("prefix", prefix);
    }

    @Override
    public Map<String, String> start() {
        KafkaBroker kafka = KafkaBroker.shared().createContractTopics();
        database = PostgresDatabase.fresh(prefix);
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.datasource.reactive.url", database.reactiveUrl());
        config.put("quarkus.datasource.username", database.user());
        config.put("quarkus.datasource.password", database.password());
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.drop();
        }
    }
}
