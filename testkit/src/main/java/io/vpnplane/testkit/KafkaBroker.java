package io.vpnplane.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker for integration tests.
 *
 * <p>When {@code VPNPLANE_KAFKA_BOOTSTRAP} (or {@code -Dvpnplane.kafka.bootstrap}) names a running broker it
 * is reused; otherwise one broker per JVM is started as a child process through
 * {@code deploy/local/kafka-broker.sh}, the same script the local stack uses, on a free port and a
 * throw-away state folder, and stopped when the JVM exits.
 */
public final class KafkaBroker {

    private static KafkaBroker shared;

    private final String bootstrapServers;

    private KafkaBroker(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The broker of this JVM, started on first use. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = configured().map(KafkaBroker::new).orElseGet(KafkaBroker::startChildProcess);
        }
        return shared;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Topics from {@code deploy/local/topics.conf}, created if missing: the contract the services rely on. */
    public KafkaBroker createContractTopics() {
        Path conf = RepositoryRoot.locate().resolve("deploy/local/topics.conf");
        List<NewTopic> topics = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(conf, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] f = trimmed.split("\\s+");
                topics.add(new NewTopic(f[0], Integer.parseInt(f[1]), (short) 1).configs(Map.of("cleanup.policy", f[2])));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + conf, e);
        }
        return createTopics(topics);
    }

    /** Creates the given topics; existing ones are left as they are. */
    public KafkaBroker createTopics(Collection<NewTopic> topics) {
        try (Admin admin = admin()) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
            awaitVisible(admin, topics.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("topic creation failed on " + bootstrapServers, e);
        }
        return this;
    }

    /** The controller acknowledges creation before every broker's metadata shows the topic; clients need the latter. */
    private static void awaitVisible(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(names)) {
            if (System.nanoTime() > deadline) {
                throw new java.util.concurrent.TimeoutException("topics not visible: " + names);
            }
            Thread.sleep(50);
        }
    }

    /** A topic with a random name, for tests that must not see each other's records. */
    public String createUniqueTopic(String prefix, int partitions) {
        String name = prefix + "-" + Long.toHexString(System.nanoTime());
        createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
        return name;
    }

    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(props);
    }

    public Set<String> topicNames() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics on " + bootstrapServers, e);
        }
    }

    private static java.util.Optional<String> configured() {
        String fromProperty = System.getProperty("vpnplane.kafka.bootstrap");
        if (fromProperty != null && !fromProperty.isBlank()) {
            return java.util.Optional.of(fromProperty);
        }
        return java.util.Optional.ofNullable(System.getenv("VPNPLANE_KAFKA_BOOTSTRAP")).filter(s -> !s.isBlank());
    }

    private static KafkaBroker startChildProcess() {
        Path script = RepositoryRoot.locate().resolve("deploy/local/kafka-broker.sh");
        try {
            Path dir = Files.createTempDirectory("vpnplane-kafka-");
            int port = freePortPair();
            run(script, "start", dir.toString(), Integer.toString(port), Integer.toString(port + 1));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(script, "stop", dir.toString());
                    deleteRecursively(dir);
                } catch (RuntimeException | IOException ignored) {
                    // The JVM is exiting; a stray temp folder is all that can be left.
                }
            }, "kafka-broker-stop"));
            return new KafkaBroker("127.0.0.1:" + port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a Kafka broker", e);
        }
    }

    private static void run(Path script, String... args) {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(Duration.ofMinutes(5).toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kafka-broker.sh " + String.join(" ", args) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Two adjacent free ports: the broker listener and its KRaft controller listener. */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate;
            try (ServerSocket socket = new ServerSocket(0)) {
                candidate = socket.getLocalPort();
            }
            if (candidate < 65535 && isFree(candidate + 1)) {
                return candidate;
            }
        }
        throw new IOException("no two adjacent free ports");
    }

    private static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
