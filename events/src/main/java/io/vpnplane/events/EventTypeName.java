package io.vpnplane.events;

import java.util.regex.Pattern;

/**
 * A versioned CloudEvents type: {@code name + ".v" + version}, e.g. {@code io.vpnplane.ipsec-connection.created.v1}.
 */
public record EventTypeName(String name, int version) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9-]*)+");
    private static final Pattern VERSIONED = Pattern.compile("(.+)\\.v([1-9][0-9]{0,8})");

    public EventTypeName {
        if (!NAME.matcher(name).matches() || VERSIONED.matcher(name).matches()) {
            throw new IllegalArgumentException("event type name must be reverse-DNS lower-case words without a version suffix: " + name);
        }
        if (version < 1) {
            throw new IllegalArgumentException("event schema version must be 1 or more: " + version);
        }
    }

    /** Parses a {@code ce_type} such as {@code io.vpnplane.platform.projection-rebuilt.v1}. */
    public static EventTypeName parse(String ceType) {
        var m = VERSIONED.matcher(ceType);
        if (!m.matches()) {
            throw new IllegalArgumentException("ce_type has no .vN version suffix: " + ceType);
        }
        return new EventTypeName(m.group(1), Integer.parseInt(m.group(2)));
    }

    /** The {@code ce_type} value. */
    public String ceType() {
        return name + ".v" + version;
    }

    @Override
    public String toString() {
        return ceType();
    }
}
