package io.vpnplane.eventsourcing;

import io.vpnplane.events.CloudEvent;

/**
 * An event consumed from Kafka.
 *
 * @param envelope  its CloudEvents attributes and raw data
 * @param data      the decoded event record
 * @param topic     where it was read
 * @param partition its partition
 * @param offset    its offset
 */
public record ReceivedEvent(CloudEvent envelope, Record data, String topic, int partition, long offset) {
}
