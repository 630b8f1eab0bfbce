package io.vpnplane.connection.validation;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** A closed vocabulary whose constants have one exact JSON spelling, as the seeds write them. */
public interface Spelled {

    String json();

    static <E extends Enum<E> & Spelled> Optional<E> parse(Class<E> type, String text) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.json().equals(text)).findFirst();
    }

    static <E extends Enum<E> & Spelled> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Spelled::json).collect(Collectors.joining(", "));
    }
}
