package io.vpnplane.agent.ike;

/**
 * How the ESP data plane learns about CHILD_SAs. Called on the engine's event-loop thread; a rekey
 * calls {@link #installed} for the new SA before {@link #removed} for the old one, so traffic never
 * lacks an SA.
 */
public interface ChildSaListener {

    void installed(ChildSa childSa);

    void removed(ChildSa childSa);

    ChildSaListener NONE = new ChildSaListener() {
        @Override
        public void installed(ChildSa childSa) {
        }

        @Override
        public void removed(ChildSa childSa) {
        }
    };
}
