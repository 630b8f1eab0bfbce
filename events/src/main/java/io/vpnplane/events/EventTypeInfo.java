package io.vpnplane.events;

/**
 * What the registry knows about one event record class.
 *
 * @param recordClass the event record
 * @param typeName    its versioned type, from {@link EventType}
 * @param topic       its Kafka topic, from {@link EventTopic} on the record or its family
 */
public record EventTypeInfo(Class<? extends Record> recordClass, EventTypeName typeName, String topic) {

    /** The {@code ce_type}, e.g. {@code io.vpnplane.platform.projection-rebuilt.v1}. */
    public String ceType() {
        return typeName.ceType();
    }

    /** Whether it is published as a Kafka tombstone ({@link Tombstone}). */
    public boolean tombstone() {
        return recordClass.isAnnotationPresent(Tombstone.class);
    }

    /** The committed JSON Schema's file name in {@code docs/events/}. */
    public String schemaFileName() {
        return ceType() + ".schema.json";
    }
}
