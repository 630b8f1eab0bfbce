package io.vpnplane.events;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The registry mapping event record classes to versioned type names and topics, and back.
 *
 * <p>Build it from sealed family interfaces (their permitted records are registered recursively) or from record
 * classes. Each record needs {@link EventType}; its topic comes from {@link EventTopic} on the record or on the
 * nearest family interface. Registration fails fast on a missing annotation, a topic not in {@link Topics} or a
 * duplicate type name, so a misconfigured service does not start.
 */
public final class EventTypes {

    private final Map<Class<?>, EventTypeInfo> byClass;
    private final Map<String, EventTypeInfo> byCeType;

    private EventTypes(Map<Class<?>, EventTypeInfo> byClass) {
        this.byClass = Collections.unmodifiableMap(byClass);
        Map<String, EventTypeInfo> types = new LinkedHashMap<>();
        for (EventTypeInfo info : byClass.values()) {
            EventTypeInfo previous = types.put(info.ceType(), info);
            if (previous != null) {
                throw new IllegalArgumentException("event type " + info.ceType() + " is declared by both "
                        + previous.recordClass().getName() + " and " + info.recordClass().getName());
            }
        }
        this.byCeType = Collections.unmodifiableMap(types);
    }

    /** Registers the records of the given sealed family interfaces and/or record classes. */
    public static EventTypes of(Class<?>... familiesOrRecords) {
        Map<Class<?>, EventTypeInfo> found = new LinkedHashMap<>();
        for (Class<?> root : familiesOrRecords) {
            collect(root, found);
        }
        return new EventTypes(found);
    }

    /** This registry plus the given families or records. */
    public EventTypes with(Class<?>... familiesOrRecords) {
        Map<Class<?>, EventTypeInfo> found = new LinkedHashMap<>(byClass);
        for (Class<?> root : familiesOrRecords) {
            collect(root, found);
        }
        return new EventTypes(found);
    }

    /** Every registered type, in registration order. */
    public Collection<EventTypeInfo> all() {
        return byCeType.values();
    }

    /** The info of a registered record class. */
    public EventTypeInfo describe(Class<? extends Record> recordClass) {
        EventTypeInfo info = byClass.get(recordClass);
        if (info == null) {
            throw new IllegalArgumentException(recordClass.getName() + " is not a registered event type");
        }
        return info;
    }

    /** The info of a registered event instance. */
    public EventTypeInfo describe(Record event) {
        return describe(event.getClass());
    }

    /** The registered type for a {@code ce_type}, empty when this registry does not know it. */
    public Optional<EventTypeInfo> byCeType(String ceType) {
        return Optional.ofNullable(byCeType.get(ceType));
    }

    /** The event record as JSON bytes, with {@link EventJson#mapper()}. */
    public byte[] encode(Record event) {
        describe(event);
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize " + event.getClass().getName(), e);
        }
    }

    /**
     * Decodes event data of the given {@code ce_type}; empty when the type is unknown to this registry.
     *
     * @throws IllegalArgumentException when the data does not fit the registered record
     */
    public Optional<Record> decode(String ceType, byte[] json) {
        return byCeType(ceType).map(info -> read(EventJson.mapper(), info.recordClass(), json));
    }

    /** Decodes the data of a CloudEvent; empty when its type is unknown to this registry. */
    public Optional<Record> decode(CloudEvent event) {
        return decode(event.type(), event.data());
    }

    private static Record read(ObjectMapper mapper, Class<? extends Record> type, byte[] json) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("event data does not fit " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void collect(Class<?> root, Map<Class<?>, EventTypeInfo> found) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (c.isRecord()) {
                found.putIfAbsent(c, describeRecord((Class<? extends Record>) c));
            } else if (c.isSealed()) {
                todo.addAll(java.util.List.of(c.getPermittedSubclasses()));
            } else {
                throw new IllegalArgumentException(c.getName() + " is neither an event record nor a sealed event family");
            }
        }
    }

    private static EventTypeInfo describeRecord(Class<? extends Record> c) {
        EventType type = c.getAnnotation(EventType.class);
        if (type == null) {
            throw new IllegalArgumentException(c.getName() + " has no @EventType");
        }
        String topic = topicOf(c).orElseThrow(() -> new IllegalArgumentException(
                c.getName() + " has no @EventTopic on itself or its family interface"));
        if (!Topics.all().contains(topic)) {
            throw new IllegalArgumentException(c.getName() + " names topic " + topic + ", which is not in Topics");
        }
        return new EventTypeInfo(c, new EventTypeName(type.value(), type.version()), topic);
    }

    private static Optional<String> topicOf(Class<?> c) {
        EventTopic own = c.getAnnotation(EventTopic.class);
        if (own != null) {
            return Optional.of(own.value());
        }
        for (Class<?> parent : c.getInterfaces()) {
            Optional<String> inherited = topicOf(parent);
            if (inherited.isPresent()) {
                return inherited;
            }
        }
        return Optional.empty();
    }
}
