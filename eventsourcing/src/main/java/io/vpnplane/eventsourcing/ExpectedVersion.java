package io.vpnplane.eventsourcing;

/**
 * The stream version an append is based on: the optimistic-concurrency guard. Versions count events; a stream that
 * does not exist is at version 0, its first event is version 1.
 */
public sealed interface ExpectedVersion {

    /** The stream must be exactly at {@code version} (0: must not exist yet). */
    record Exactly(long version) implements ExpectedVersion {
        public Exactly {
            if (version < 0) {
                throw new IllegalArgumentException("expected version must be 0 or more: " + version);
            }
        }
    }

    /** Append after whatever is there; only a concurrent append racing for the same version still conflicts. */
    record Any() implements ExpectedVersion {
    }

    static ExpectedVersion exactly(long version) {
        return new Exactly(version);
    }

    static ExpectedVersion noStream() {
        return new Exactly(0);
    }

    static ExpectedVersion any() {
        return new Any();
    }
}
