package io.vpnplane.eventsourcing;

/**
 * How an aggregate's state is rebuilt from its events (the "evolve" half of a decider): {@link EventStore#load}
 * folds a stream's events through it.
 *
 * @param <S> the aggregate state, an immutable value
 */
public interface StateFold<S> {

    /** The state of a stream with no events. */
    S initial();

    /** The state after {@code event}; must be pure. */
    S evolve(S state, Record event);
}
