package io.vpnplane.eventsourcing;

import io.vpnplane.events.EventTypeInfo;

/** Decides, at append time, which Kafka topic an event goes to; the choice is stored with the event. */
@FunctionalInterface
public interface TopicRouting {

    /** The topic declared by the event's family ({@code @EventTopic}): the normal choice. */
    TopicRouting BY_EVENT_TYPE = (stream, type) -> type.topic();

    String topicFor(StreamId stream, EventTypeInfo type);
}
