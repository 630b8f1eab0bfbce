package io.vpnplane.connection.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.connection.net.Asn;
import io.vpnplane.connection.net.Ipv4Address;
import io.vpnplane.connection.net.Ipv4Cidr;

/**
 * Reads fields of a JSON request body into typed values, recording a {@link Violation} with the field's JSON
 * path for every wrong type or value instead of stopping at the first. Absent and {@code null} fields read as
 * empty so the caller applies the seeds' default.
 */
public final class JsonReader {

    private static final int MAX_TAGS = 20;
    private static final int MAX_TAG_LENGTH = 128;

    private final Findings findings;

    public JsonReader(Findings findings) {
        this.findings = findings;
    }

    public Findings findings() {
        return findings;
    }

    public static String path(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** Refuses members that are neither known nor read-only, so a misspelt field never silently takes a default. */
    public void refuseUnknown(JsonNode node, String path, Set<String> known, Set<String> readOnly) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name) && !readOnly.contains(name)) {
                findings.refuse("InvalidParameter.UnknownField", path(path, name), "unknown field '" + name + "'");
            }
        });
    }

    public Optional<ObjectNode> object(JsonNode parent, String name, String path, String code) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            findings.refuse(code, path(path, name), "must be a JSON object");
            return Optional.empty();
        }
        return Optional.of((ObjectNode) value);
    }

    public Optional<String> text(JsonNode parent, String name, String path, String code) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            findings.refuse(code, path(path, name), "must be a string");
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    /** Free text such as a name or description: at most {@code maxLength} characters, no control characters. */
    public Optional<String> label(JsonNode parent, String name, String path, String code, int maxLength) {
        Optional<String> text = text(parent, name, path, code);
        if (text.isPresent()) {
            String value = text.get();
            if (value.length() > maxLength || value.chars().anyMatch(Character::isISOControl)) {
                findings.refuse(code, path(path, name),
                        "must be at most " + maxLength + " characters without control characters");
                return Optional.empty();
            }
        }
        return text;
    }

    public Optional<Boolean> bool(JsonNode parent, String name, String path, String code) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            findings.refuse(code, path(path, name), "must be true or false");
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    public Optional<Integer> integer(JsonNode parent, String name, String path, String code, int min, int max) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min
                || value.longValue() > max) {
            findings.refuse(code, path(path, name), "must be an integer from " + min + " to " + max);
            return Optional.empty();
        }
        return Optional.of(value.intValue());
    }

    public <E extends Enum<E> & Spelled> Optional<E> spelled(JsonNode parent, String name, String path,
            String code, Class<E> type) {
        Optional<String> text = text(parent, name, path, code);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<E> value = Spelled.parse(type, text.get());
        if (value.isEmpty()) {
            findings.refuse(code, path(path, name),
                    "'" + text.get() + "' is not one of: " + Spelled.allowed(type));
        }
        return value;
    }

    /** An ASN as a JSON number or a string, plain ("65000") or dotted ("1.10"), REQ-CGW-002. */
    public Optional<Asn> asn(JsonNode parent, String name, String path, String code) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        Optional<Asn> asn;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            asn = Asn.of(value.longValue());
        } else if (value.isTextual()) {
            asn = Asn.parse(value.textValue());
        } else {
            asn = Optional.empty();
        }
        if (asn.isEmpty()) {
            findings.refuse(code, path(path, name),
                    "must be an ASN from 1 to 4294967295, as a number or in the dotted form X.Y (each part 0-65535)");
        }
        return asn;
    }

    public Optional<Ipv4Address> ipv4(JsonNode parent, String name, String path, String code) {
        Optional<String> text = text(parent, name, path, code);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Ipv4Address> address = Ipv4Address.parse(text.get());
        if (address.isEmpty()) {
            findings.refuse(code, path(path, name), "'" + text.get() + "' is not an IPv4 address");
        }
        return address;
    }

    public Optional<Ipv4Cidr> cidr(JsonNode parent, String name, String path, String code) {
        Optional<String> text = text(parent, name, path, code);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Ipv4Cidr> cidr = Ipv4Cidr.parse(text.get());
        if (cidr.isEmpty()) {
            findings.refuse(code, path(path, name),
                    "'" + text.get() + "' is not an IPv4 CIDR block with its network address (like 10.0.0.0/24)");
        }
        return cidr;
    }

    public Optional<List<Ipv4Cidr>> cidrList(JsonNode parent, String name, String path, String code) {
        return list(parent, name, path, code, (element, elementPath) -> {
            Optional<Ipv4Cidr> cidr = element.isTextual() ? Ipv4Cidr.parse(element.textValue()) : Optional.empty();
            if (cidr.isEmpty()) {
                findings.refuse(code, elementPath,
                        "must be an IPv4 CIDR block with its network address (like 10.0.0.0/24)");
            }
            return cidr;
        });
    }

    public interface ElementReader<T> {
        Optional<T> read(JsonNode element, String elementPath);
    }

    public <T> Optional<List<T>> list(JsonNode parent, String name, String path, String code,
            ElementReader<T> reader) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            findings.refuse(code, path(path, name), "must be a JSON array");
            return Optional.empty();
        }
        List<T> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            reader.read(value.get(i), path(path, name) + "[" + i + "]").ifPresent(result::add);
        }
        return Optional.of(result);
    }

    /** Tags as a JSON object: key required (1–128 characters), value may be empty (REQ-CONN-001). */
    public Map<String, String> tags(JsonNode parent, String path) {
        Map<String, String> tags = new LinkedHashMap<>();
        Optional<ObjectNode> node = object(parent, "tags", path, "InvalidParameter.Tags");
        if (node.isEmpty()) {
            return tags;
        }
        String tagsPath = path(path, "tags");
        if (node.get().size() > MAX_TAGS) {
            findings.refuse("InvalidParameter.Tags", tagsPath, "at most " + MAX_TAGS + " tags");
        }
        node.get().properties().forEach(entry -> {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.isBlank() || key.length() > MAX_TAG_LENGTH) {
                findings.refuse("InvalidParameter.TagKey", tagsPath,
                        "a tag key must be 1 to " + MAX_TAG_LENGTH + " characters, not blank");
            } else if (value.isNull()) {
                tags.put(key, "");
            } else if (!value.isTextual() || value.textValue().length() > MAX_TAG_LENGTH) {
                findings.refuse("InvalidParameter.TagValue", tagsPath + "." + key,
                        "a tag value must be a string of at most " + MAX_TAG_LENGTH + " characters (may be empty)");
            } else {
                tags.put(key, value.textValue());
            }
        });
        return tags;
    }

    /** A one-member object, to read a lone value with the same rules as a field. */
    public static ObjectNode objectOf(String name, JsonNode value) {
        ObjectNode node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        node.set(name, value);
        return node;
    }

    public static ObjectNode tagsNode(Map<String, String> tags) {
        ObjectNode node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        tags.forEach(node::put);
        return node;
    }

    /** The {@code tags} of a merge patch applied to {@code current}: a null tag value removes that tag. */
    public Map<String, String> mergedTags(Map<String, String> current, JsonNode patch) {
        JsonNode tags = patch.get("tags");
        if (tags == null || tags.isNull()) {
            return tags == null ? current : Map.of();
        }
        return this.tags(objectOf("tags", MergePatch.apply(tagsNode(current), tags)), "");
    }
}
