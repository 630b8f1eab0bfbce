package io.vpnplane.eventsourcing;

/**
 * An aggregate state and the stream version it reflects.
 *
 * @param state   the folded state ({@link StateFold#initial()} when the stream is empty)
 * @param version the stream version, 0 when the stream does not exist: the expected version of the next append
 */
public record Versioned<S>(S state, long version) {

    public boolean exists() {
        return version > 0;
    }

    public ExpectedVersion expected() {
        return ExpectedVersion.exactly(version);
    }
}
