package io.vpnplane.routing.table;

import java.util.Optional;

/** REQ-RT-001: 100 marks the active entry of a destination, 0 the standby. */
public enum Weight {
    ACTIVE(100),
    STANDBY(0);

    private final int value;

    Weight(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static Optional<Weight> of(int value) {
        return switch (value) {
            case 100 -> Optional.of(ACTIVE);
            case 0 -> Optional.of(STANDBY);
            default -> Optional.empty();
        };
    }
}
