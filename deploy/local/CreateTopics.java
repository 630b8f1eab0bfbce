import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Creates the topics listed in deploy/local/topics.conf (name, partitions, cleanup.policy and an
 * optional retention.ms) on a broker, idempotently: missing topics are created, an existing topic's
 * cleanup.policy and retention.ms are brought in line, a partition count that differs is reported (changing it would move keys between
 * partitions, so that stays a human decision). The broker's lib folder has kafka-clients but not
 * the CLI tools, hence this single-file program:
 *
 *   java -cp 'deploy/kafka/target/lib/*' deploy/local/CreateTopics.java 127.0.0.1:19092 deploy/local/topics.conf
 */
public class CreateTopics {

    record TopicSpec(String name, int partitions, String cleanupPolicy, Optional<String> retentionMs) {

        Map<String, String> configs() {
            Map<String, String> configs = new HashMap<>();
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
            retentionMs.ifPresent(ms -> configs.put(TopicConfig.RETENTION_MS_CONFIG, ms));
            return configs;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: CreateTopics BOOTSTRAP_SERVERS TOPICS_CONF");
            System.exit(2);
        }
        List<TopicSpec> specs = parse(Path.of(args[1]));
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                AdminClientConfig.CLIENT_ID_CONFIG, "vpnplane-create-topics",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            List<TopicSpec> present = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (existing.contains(spec.name())) {
                    present.add(spec);
                } else {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), (short) 1)
                            .configs(spec.configs()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
            int aligned = align(admin, present);
            System.out.printf("topics: %d created, %d already there%s%n", missing.size(), present.size(),
                    aligned > 0 ? ", " + aligned + " configs corrected" : "");
        }
    }

    private static int align(Admin admin, List<TopicSpec> present) throws Exception {
        if (present.isEmpty()) {
            return 0;
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(present.stream().map(TopicSpec::name).toList())
                .allTopicNames().get(60, TimeUnit.SECONDS);
        List<ConfigResource> resources = present.stream()
                .map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name())).toList();
        var configs = admin.describeConfigs(resources).all().get(60, TimeUnit.SECONDS);
        int aligned = 0;
        for (TopicSpec spec : present) {
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions != spec.partitions()) {
                System.err.printf("warning: topic %s has %d partitions, topics.conf says %d (left as is)%n",
                        spec.name(), partitions, spec.partitions());
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
            List<AlterConfigOp> changes = new ArrayList<>();
            for (Map.Entry<String, String> wanted : spec.configs().entrySet()) {
                ConfigEntry actual = configs.get(resource).get(wanted.getKey());
                if (actual == null || !wanted.getValue().equals(actual.value())) {
                    changes.add(new AlterConfigOp(new ConfigEntry(wanted.getKey(), wanted.getValue()), AlterConfigOp.OpType.SET));
                }
            }
            if (!changes.isEmpty()) {
                admin.incrementalAlterConfigs(Map.of(resource, changes)).all().get(60, TimeUnit.SECONDS);
                aligned++;
            }
        }
        return aligned;
    }

    private static List<TopicSpec> parse(Path file) throws Exception {
        List<TopicSpec> specs = new ArrayList<>();
        int lineNumber = 0;
        for (String raw : Files.readAllLines(file)) {
            lineNumber++;
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length < 3 || fields.length > 4 || !fields[1].matches("[1-9][0-9]*")
                    || !Set.of("delete", "compact", "compact,delete", "delete,compact").contains(fields[2])
                    || (fields.length == 4 && !fields[3].matches("-1|[1-9][0-9]*"))) {
                throw new IllegalArgumentException(file + ":" + lineNumber
                        + ": expected 'name partitions cleanup.policy [retention.ms]' (delete|compact, -1 or ms), got: " + raw);
            }
            specs.add(new TopicSpec(fields[0], Integer.parseInt(fields[1]), fields[2],
                    fields.length == 4 ? Optional.of(fields[3]) : Optional.empty()));
        }
        return specs;
    }
}
