package io.vpnplane.agent.bgp.session;

import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One BGP session as the control plane configures it: over a tunnel's inner /30 (REQ-TUN-008)
 * or over a leased line. Timer defaults follow RFC 4271 (connect retry 120 s, hold 90 s,
 * keepalive 30 s); the prefix limit defaults to a VPN gateway's 50 (REQ-X-003).
 *
 * @param id the control plane's name for the session (e.g. the tunnel id); events carry it
 * @param localAddress address to bind outbound connections to and to advertise as next hop;
 *                     empty lets the kernel choose
 * @param passive only accept connections, never open one
 * @param idleHoldTime wait after the session went down before starting again
 * @param maxPrefixes Adj-RIB-In limit; excess announcements are dropped with a warning
 */
public record SessionConfig(String id, long localAs, long peerAs, Inet4Address routerId, Optional<Inet4Address> localAddress,
                            Inet4Address peerAddress, int peerPort, boolean passive, Duration holdTime, Duration keepaliveTime,
                            Duration connectRetryTime, Duration idleHoldTime, int maxPrefixes) {

    public static final int BGP_PORT = 179;
    public static final int VPN_GATEWAY_MAX_PREFIXES = 50;
    public static final int LEASED_LINE_MAX_PREFIXES = 110;
    private static final long MAX_AS = 0xffff_ffffL;

    public SessionConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(peerAddress, "peerAddress");
        if (localAs < 1 || localAs > MAX_AS || peerAs < 1 || peerAs > MAX_AS) {
            throw new IllegalArgumentException("AS numbers must be 1..4294967295");
        }
        if (peerPort < 1 || peerPort > 65535) {
            throw new IllegalArgumentException("peer port out of range: " + peerPort);
        }
        long hold = holdTime.toSeconds();
        if (hold != 0 && (hold < 3 || hold > 65535)) {
            throw new IllegalArgumentException("hold time must be 0 or 3..65535 s");
        }
        if (hold != 0 && (keepaliveTime.isNegative() || keepaliveTime.isZero() || keepaliveTime.compareTo(holdTime) >= 0)) {
            throw new IllegalArgumentException("keepalive time must be positive and below the hold time");
        }
        if (connectRetryTime.isNegative() || connectRetryTime.isZero() || idleHoldTime.isNegative()) {
            throw new IllegalArgumentException("connect retry must be positive, idle hold not negative");
        }
        if (maxPrefixes < 0) {
            throw new IllegalArgumentException("maxPrefixes must not be negative");
        }
        if (Ipv4Prefix.toInt(routerId) == 0) {
            throw new IllegalArgumentException("router id 0.0.0.0 is not valid");
        }
    }

    public static Builder builder(String id, long localAs, long peerAs, Inet4Address routerId, Inet4Address peerAddress) {
        return new Builder(id, localAs, peerAs, routerId, peerAddress);
    }

    public boolean external() {
        return localAs != peerAs;
    }

    /** Builder with the RFC defaults; every setter returns the builder. */
    public static final class Builder {
        private final String id;
        private final long localAs;
        private final long peerAs;
        private final Inet4Address routerId;
        private final Inet4Address peerAddress;
        private Optional<Inet4Address> localAddress = Optional.empty();
        private int peerPort = BGP_PORT;
        private boolean passive;
        private Duration holdTime = Duration.ofSeconds(90);
        private Duration keepaliveTime = Duration.ofSeconds(30);
        private Duration connectRetryTime = Duration.ofSeconds(120);
        private Duration idleHoldTime = Duration.ofSeconds(5);
        private int maxPrefixes = VPN_GATEWAY_MAX_PREFIXES;

        private Builder(String id, long localAs, long peerAs, Inet4Address routerId, Inet4Address peerAddress) {
            this.id = id;
            this.localAs = localAs;
            this.peerAs = peerAs;
            this.routerId = routerId;
            this.peerAddress = peerAddress;
        }

        public Builder localAddress(Inet4Address value) {
            localAddress = Optional.of(value);
            return this;
        }

        public Builder peerPort(int value) {
            peerPort = value;
            return this;
        }

        public Builder passive(boolean value) {
            passive = value;
            return this;
        }

        /** Hold time; the keepalive follows as a third of it unless set explicitly afterwards. */
        public Builder holdTime(Duration value) {
            holdTime = value;
            keepaliveTime = value.isZero() ? Duration.ofSeconds(30) : value.dividedBy(3);
            return this;
        }

        public Builder keepaliveTime(Duration value) {
            keepaliveTime = value;
            return this;
        }

        public Builder connectRetryTime(Duration value) {
            connectRetryTime = value;
            return this;
        }

        public Builder idleHoldTime(Duration value) {
            idleHoldTime = value;
            return this;
        }

        public Builder maxPrefixes(int value) {
            maxPrefixes = value;
            return this;
        }

        public SessionConfig build() {
            return new SessionConfig(id, localAs, peerAs, routerId, localAddress, peerAddress, peerPort, passive, holdTime,
                    keepaliveTime, connectRetryTime, idleHoldTime, maxPrefixes);
        }
    }
}
