package io.vpnplane.agent.ike;

import java.util.List;

/**
 * How the ESP data plane learns about CHILD_SAs. Called on the engine's event-loop thread; a rekey
 * calls {@link #installed} for the new SA before {@link #removed} for the old one, so traffic never
 * lacks an SA.
 */
public interface ChildSaListener {

    void installed(ChildSa childSa);

    void removed(ChildSa childSa);

    /** Tells each listener in turn (e.g. the data plane first, then whoever reports the SA as usable). */
    static ChildSaListener inOrder(ChildSaListener... listeners) {
        List<ChildSaListener> all = List.of(listeners);
        return new ChildSaListener() {
            @Override
            public void installed(ChildSa childSa) {
                all.forEach(listener -> listener.installed(childSa));
            }

            @Override
            public void removed(ChildSa childSa) {
                all.forEach(listener -> listener.removed(childSa));
            }
        };
    }

    ChildSaListener NONE = new ChildSaListener() {
        @Override
        public void installed(ChildSa childSa) {
        }

        @Override
        public void removed(ChildSa childSa) {
        }
    };
}
