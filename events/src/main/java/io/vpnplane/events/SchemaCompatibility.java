package io.vpnplane.events;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The compatibility rule of a published event schema. A new schema under the same versioned type must let every
 * consumer keep reading, both old events (replays) and new ones:
 * <ul>
 * <li>allowed: a new optional property, a new enum value (readers treat unknown values as "other"), new description text;</li>
 * <li>breaking: removing or renaming a property, changing its type or format, adding a required property, making an
 * optional property required or a required one optional, removing an enum value, changing array items or map
 * values incompatibly.</li>
 * </ul>
 * A breaking change is a new record with the next {@code version} (a new {@code ce_type}), never an edit.
 */
public final class SchemaCompatibility {

    private SchemaCompatibility() {
    }

    /** The breaking differences from {@code published} to {@code current}; empty when compatible. */
    public static List<String> breakingChanges(JsonNode published, JsonNode current) {
        List<String> problems = new ArrayList<>();
        compare("$", published, current, problems);
        return problems;
    }

    private static void compare(String path, JsonNode before, JsonNode after, List<String> problems) {
        if (!Objects.equals(text(before, "type"), text(after, "type"))) {
            problems.add(path + ": type changed from " + text(before, "type") + " to " + text(after, "type"));
            return;
        }
        for (String keyword : List.of("format", "contentEncoding")) {
            if (!Objects.equals(text(before, keyword), text(after, keyword))) {
                problems.add(path + ": " + keyword + " changed from " + text(before, keyword) + " to " + text(after, keyword));
            }
        }
        if (before.has("enum")) {
            Set<String> kept = values(after.path("enum"));
            for (JsonNode value : before.path("enum")) {
                if (!after.has("enum")) {
                    break;
                }
                if (!kept.contains(value.asText())) {
                    problems.add(path + ": enum value " + value.asText() + " removed");
                }
            }
        }
        if (before.has("items")) {
            compare(path + "[]", before.path("items"), after.path("items"), problems);
        }
        if (before.path("additionalProperties").isObject()) {
            if (after.path("additionalProperties").isObject()) {
                compare(path + "{}", before.path("additionalProperties"), after.path("additionalProperties"), problems);
            } else {
                problems.add(path + ": map values are no longer typed");
            }
        }
        if (before.has("properties")) {
            compareObject(path, before, after, problems);
        }
    }

    private static void compareObject(String path, JsonNode before, JsonNode after, List<String> problems) {
        Set<String> requiredBefore = values(before.path("required"));
        Set<String> requiredAfter = values(after.path("required"));
        JsonNode propsAfter = after.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = before.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String name = property.getKey();
            String where = path + "." + name;
            if (!propsAfter.has(name)) {
                problems.add(where + ": removed (or renamed)");
                continue;
            }
            if (requiredBefore.contains(name) && !requiredAfter.contains(name)) {
                problems.add(where + ": was required, now optional (consumers rely on it)");
            }
            if (!requiredBefore.contains(name) && requiredAfter.contains(name)) {
                problems.add(where + ": was optional, now required (old events lack it)");
            }
            compare(where, property.getValue(), propsAfter.get(name), problems);
        }
        for (String name : requiredAfter) {
            if (!before.path("properties").has(name)) {
                problems.add(path + "." + name + ": new required property (old events lack it); make it Optional");
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null ? null : v.asText();
    }

    private static Set<String> values(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
