package io.vpnplane.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the CloudEvents type of an event record.
 *
 * <p>{@code ce_type} is {@code value() + ".v" + version()}, e.g.
 * {@code @EventType(value = "io.vpnplane.ipsec-connection.created", version = 1)} is published as
 * {@code io.vpnplane.ipsec-connection.created.v1}. Compatible changes (adding an optional field) keep the version;
 * an incompatible change is a new record with the next version, published beside the old one while consumers
 * migrate. The committed JSON Schema lives in {@code docs/events/<ce_type>.schema.json}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** The type name without version: reverse-DNS, lower case, dash-separated words, e.g. {@code io.vpnplane.ipsec-connection.created}. */
    String value();

    /** The schema version, 1 or more; it becomes the {@code .vN} suffix of {@code ce_type}. */
    int version();
}
