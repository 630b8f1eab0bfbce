package io.vpnplane.eventsourcing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * A real KafkaProducer that dies on the send after its first N: it first waits until those N records are in Kafka,
 * so the relay has rounds that are published but (at least the newest) not checkpointed. This is the worst moment
 * for a relay to crash.
 */
final class CrashingProducer implements Producer<String, byte[]> {

    private final Producer<String, byte[]> delegate;
    private final int crashAfterSends;
    private int sends;

    CrashingProducer(Producer<String, byte[]> delegate, int crashAfterSends) {
        this.delegate = delegate;
        this.crashAfterSends = crashAfterSends;
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    private void crashWhenDue() {
        if (++sends > crashAfterSends) {
            delegate.flush();
            throw new IllegalStateException("simulated crash after send, before checkpoint");
        }
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        crashWhenDue();
        return delegate.send(record);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        crashWhenDue();
        return delegate.send(record, callback);
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return delegate.partitionsFor(topic);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return delegate.metrics();
    }

    @Override
    public void registerMetricForSubscription(org.apache.kafka.common.metrics.KafkaMetric metric) {
        delegate.registerMetricForSubscription(metric);
    }

    @Override
    public void unregisterMetricFromSubscription(org.apache.kafka.common.metrics.KafkaMetric metric) {
        delegate.unregisterMetricFromSubscription(metric);
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        return delegate.clientInstanceId(timeout);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void close(Duration timeout) {
        delegate.close(timeout);
    }

    @Override
    public void initTransactions() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void beginTransaction() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void commitTransaction() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void abortTransaction() {
        throw new UnsupportedOperationException();
    }
}
