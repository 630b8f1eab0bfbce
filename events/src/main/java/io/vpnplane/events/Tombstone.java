package io.vpnplane.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an event that deletes its key from a compacted topic: the outbox relay publishes it as a Kafka tombstone (null
 * value, same key, the {@code ce_*} headers naming this type), so compaction forgets the key. The service's event
 * table keeps the event's data.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Tombstone {
}
