package io.vpnplane.agent.esp;

/**
 * Implemented by the IKE engine: a soft expiry asks for a CHILD_SA rekey, a hard expiry means the SA
 * no longer protects packets and must be deleted. Each callback fires at most once per SA; it runs on
 * the packet thread, so it must only hand the work over (e.g. to the engine's scheduler).
 */
public interface SaLifetimeListener {

    void softExpired(int spi, SaDirection direction, SaExpiry cause);

    void hardExpired(int spi, SaDirection direction, SaExpiry cause);

    SaLifetimeListener IGNORE = new SaLifetimeListener() {
        @Override
        public void softExpired(int spi, SaDirection direction, SaExpiry cause) {
        }

        @Override
        public void hardExpired(int spi, SaDirection direction, SaExpiry cause) {
        }
    };
}
