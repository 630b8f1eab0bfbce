package io.vpnplane.agent.managed;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A topic follower running on its own thread, as the agent runs it, until closed; plus the consumer it reads with. */
final class FollowerThread<F extends Runnable & AutoCloseable> implements AutoCloseable {

    private final F follower;
    private final Thread thread;

    private FollowerThread(F follower, Thread thread) {
        this.follower = follower;
        this.thread = thread;
    }

    static <F extends Runnable & AutoCloseable> FollowerThread<F> start(String name, F follower) {
        return new FollowerThread<>(follower, Thread.ofPlatform().name(name).start(follower));
    }

    /** A consumer of the broker at {@code bootstrapServers}, without a group: followers read from the beginning. */
    static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @Override
    public void close() throws Exception {
        follower.close();
        thread.join(Duration.ofSeconds(30));
    }
}
