package io.vpnplane.eventsourcing;

import java.util.Set;

/**
 * Which stored events a projection consumes: by stream category and/or type name (without {@code .vN}). An empty set
 * means "any".
 */
public record EventSelector(Set<String> categories, Set<String> typeNames) {

    public EventSelector {
        categories = Set.copyOf(categories);
        typeNames = Set.copyOf(typeNames);
    }

    public static EventSelector all() {
        return new EventSelector(Set.of(), Set.of());
    }

    public static EventSelector categories(String... categories) {
        return new EventSelector(Set.of(categories), Set.of());
    }

    public static EventSelector typeNames(String... typeNames) {
        return new EventSelector(Set.of(), Set.of(typeNames));
    }
}
