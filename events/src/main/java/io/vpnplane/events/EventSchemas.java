package io.vpnplane.events;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Generates the JSON Schema (draft 2020-12) of an event record from its components, matching what
 * {@link EventJson} writes: every component is a property; it is required unless it is an {@code Optional}; nested
 * records become nested objects; {@code additionalProperties} stays open because readers must tolerate fields a
 * newer compatible version adds. The schemas are committed to {@code docs/events/} and guarded by
 * {@link SchemaCompatibility}.
 */
public final class EventSchemas {

    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    public static final String ID_BASE = "https://vpnplane.io/events/";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EventSchemas() {
    }

    /** The schema of one registered event type. */
    public static ObjectNode generate(EventTypeInfo info) {
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", DIALECT);
        schema.put("$id", ID_BASE + info.schemaFileName());
        schema.put("title", info.ceType());
        schema.put("description", "Data of " + info.ceType() + " (" + info.recordClass().getSimpleName()
                + "), published on " + info.topic() + "; Kafka key and ce_subject = aggregate id.");
        schema.setAll(objectSchema(info.recordClass()));
        return schema;
    }

    private static ObjectNode objectSchema(Class<?> recordClass) {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (RecordComponent component : recordClass.getRecordComponents()) {
            String name = jsonName(component);
            Type type = component.getGenericType();
            boolean optional = isOptional(type);
            properties.set(name, typeSchema(optional ? optionalContent(type) : type, recordClass.getName() + "." + name));
            if (!optional) {
                required.add(name);
            }
        }
        schema.set("required", required);
        schema.put("additionalProperties", true);
        return schema;
    }

    private static String jsonName(RecordComponent component) {
        JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
        if (renamed == null) {
            renamed = component.getAnnotation(JsonProperty.class);
        }
        return renamed == null || renamed.value().isEmpty() ? component.getName() : renamed.value();
    }

    private static boolean isOptional(Type type) {
        Class<?> raw = raw(type);
        return raw == Optional.class || raw == OptionalInt.class || raw == OptionalLong.class || raw == OptionalDouble.class;
    }

    private static Type optionalContent(Type type) {
        Class<?> raw = raw(type);
        if (raw == OptionalInt.class || raw == OptionalLong.class) {
            return long.class;
        }
        if (raw == OptionalDouble.class) {
            return double.class;
        }
        return ((ParameterizedType) type).getActualTypeArguments()[0];
    }

    private static ObjectNode typeSchema(Type type, String where) {
        Class<?> raw = raw(type);
        ObjectNode s = JSON.objectNode();
        if (raw == String.class || raw == char.class || raw == Character.class) {
            s.put("type", "string");
        } else if (raw == UUID.class) {
            s.put("type", "string").put("format", "uuid");
        } else if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class) {
            s.put("type", "string").put("format", "date-time");
        } else if (raw == LocalDate.class) {
            s.put("type", "string").put("format", "date");
        } else if (raw == Duration.class) {
            s.put("type", "string").put("format", "duration");
        } else if (raw == URI.class) {
            s.put("type", "string").put("format", "uri");
        } else if (raw == byte[].class) {
            s.put("type", "string").put("contentEncoding", "base64");
        } else if (raw == boolean.class || raw == Boolean.class) {
            s.put("type", "boolean");
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class || raw == short.class
                || raw == Short.class || raw == byte.class || raw == Byte.class || raw == BigInteger.class) {
            s.put("type", "integer");
        } else if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class || raw == BigDecimal.class) {
            s.put("type", "number");
        } else if (raw.isEnum()) {
            s.put("type", "string");
            ArrayNode values = s.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
        } else if (Collection.class.isAssignableFrom(raw)) {
            s.put("type", "array");
            s.set("items", typeSchema(typeArgument(type, 0, where), where + "[]"));
            if (Set.class.isAssignableFrom(raw)) {
                s.put("uniqueItems", true);
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            if (raw(typeArgument(type, 0, where)) != String.class) {
                throw new IllegalArgumentException(where + ": only maps with String keys map to JSON");
            }
            s.put("type", "object");
            s.set("additionalProperties", typeSchema(typeArgument(type, 1, where), where + "{}"));
        } else if (raw.isRecord()) {
            s.setAll(objectSchema(raw));
        } else {
            throw new IllegalArgumentException(where + ": type " + type.getTypeName()
                    + " has no JSON Schema mapping; use records, enums, strings, numbers, java.time, UUID, URI, lists, sets, maps");
        }
        return s;
    }

    private static Type typeArgument(Type type, int index, String where) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalArgumentException(where + ": raw collection type " + type.getTypeName());
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("unsupported type " + type.getTypeName());
    }
}
