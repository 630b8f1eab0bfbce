package io.vpnplane.eventsourcing;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One aggregate's event stream.
 *
 * @param category the kind of aggregate, e.g. {@code ipsec-connection}; projections and rebuilds select by it
 * @param id       the aggregate id, e.g. {@code vpn-0a1b2c3d}; it is the Kafka key and {@code ce_subject} of every event
 */
public record StreamId(String category, String id) {

    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public StreamId {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(id, "id");
        if (!CATEGORY.matcher(category).matches()) {
            throw new IllegalArgumentException("stream category must be lower-case words with dashes: " + category);
        }
        if (id.isBlank() || id.length() > 200) {
            throw new IllegalArgumentException("stream id must be 1-200 non-blank characters");
        }
    }

    @Override
    public String toString() {
        return category + "/" + id;
    }
}
