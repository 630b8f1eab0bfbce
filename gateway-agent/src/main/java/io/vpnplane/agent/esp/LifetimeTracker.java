package io.vpnplane.agent.esp;

import java.util.function.LongSupplier;

/** Counts traffic against an {@link SaLifetime} and fires each listener callback once. Guarded by the SA's lock. */
final class LifetimeTracker {

    private final int spi;
    private final SaDirection direction;
    private final SaLifetime lifetime;
    private final SaLifetimeListener listener;
    private final LongSupplier nanoClock;
    private final long softDeadline;
    private final long hardDeadline;
    private long bytes;
    private long packets;
    private boolean softFired;
    private boolean hardFired;

    LifetimeTracker(int spi, SaDirection direction, SaLifetime lifetime, SaLifetimeListener listener,
            LongSupplier nanoClock) {
        this.spi = spi;
        this.direction = direction;
        this.lifetime = lifetime;
        this.listener = listener;
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        this.softDeadline = now + saturatedNanos(lifetime.softAge().toSeconds());
        this.hardDeadline = now + saturatedNanos(lifetime.hardAge().toSeconds());
    }

    private static long saturatedNanos(long seconds) {
        return seconds >= Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2 : seconds * 1_000_000_000L;
    }

    long bytes() {
        return bytes;
    }

    long packets() {
        return packets;
    }

    boolean hardExpired() {
        return hardFired;
    }

    /** Checks the age limits; returns false once the SA is hard-expired. */
    boolean checkAge() {
        if (hardFired) {
            return false;
        }
        long now = nanoClock.getAsLong();
        if (now - hardDeadline >= 0) {
            hard(SaExpiry.AGE);
            return false;
        }
        if (!softFired && now - softDeadline >= 0) {
            soft(SaExpiry.AGE);
        }
        return true;
    }

    /** Accounts one packet of {@code payloadBytes}; the packet itself is still processed. */
    void count(int payloadBytes) {
        bytes += payloadBytes;
        packets++;
        if (!hardFired && (bytes >= lifetime.hardBytes() || packets >= lifetime.hardPackets())) {
            hard(bytes >= lifetime.hardBytes() ? SaExpiry.BYTES : SaExpiry.PACKETS);
        } else if (!softFired && (bytes >= lifetime.softBytes() || packets >= lifetime.softPackets())) {
            soft(bytes >= lifetime.softBytes() ? SaExpiry.BYTES : SaExpiry.PACKETS);
        }
    }

    void soft(SaExpiry cause) {
        if (!softFired && !hardFired) {
            softFired = true;
            listener.softExpired(spi, direction, cause);
        }
    }

    void hard(SaExpiry cause) {
        if (!hardFired) {
            hardFired = true;
            softFired = true;
            listener.hardExpired(spi, direction, cause);
        }
    }
}
