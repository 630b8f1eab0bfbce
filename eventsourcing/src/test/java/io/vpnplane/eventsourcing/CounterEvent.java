package io.vpnplane.eventsourcing;

import io.vpnplane.events.EventTopic;
import io.vpnplane.events.EventType;
import io.vpnplane.events.EventTypes;
import io.vpnplane.events.Topics;

/** The kernel tests' own event family: a counter aggregate. Tests route it to throw-away topics. */
@EventTopic(Topics.PLATFORM)
sealed interface CounterEvent permits CounterEvent.Opened, CounterEvent.Incremented {

    EventTypes TYPES = EventTypes.of(CounterEvent.class);

    @EventType(value = "io.vpnplane.test.counter-opened", version = 1)
    record Opened(String label) implements CounterEvent {
    }

    @EventType(value = "io.vpnplane.test.counter-incremented", version = 1)
    record Incremented(long by) implements CounterEvent {
    }

    /** The counter's state: its label and total. */
    record Counter(String label, long total) {
    }

    StateFold<Counter> FOLD = new StateFold<>() {
        @Override
        public Counter initial() {
            return new Counter("", 0);
        }

        @Override
        public Counter evolve(Counter state, Record event) {
            return switch (event) {
                case Opened o -> new Counter(o.label(), 0);
                case Incremented i -> new Counter(state.label(), state.total() + i.by());
                default -> state;
            };
        }
    };
}
