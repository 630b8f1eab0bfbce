package io.vpnplane.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Kafka topic an event family is published on, one of {@link Topics}. Put it on the sealed family interface
 * (every permitted record inherits it) or on a record to override the family's topic.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventTopic {

    String value();
}
