package io.vpnplane.agent.ike;

import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.esp.AntiReplayWindow;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.crypto.PseudoRandomFunction;
import io.vpnplane.agent.dpd.DpdAction;
import io.vpnplane.agent.dpd.DpdPolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the engine needs to run one tunnel, in the shape of a connection's tunnel in the REST
 * API (REQ-TUN-004..007) plus addresses and traffic selectors. Immutable.
 */
public record TunnelConfig(String id, InetAddress localAddress, InetAddress remoteAddress, PreSharedKey psk,
                           IkeSettings ike, IpsecSettings ipsec, DpdSettings dpd, boolean natTraversal,
                           boolean forceEncapsulation, RoutingMode routingMode, List<Cidr> localCidrs,
                           List<Cidr> remoteCidrs, StartAction startAction) {

    public TunnelConfig {
        localCidrs = List.copyOf(localCidrs);
        remoteCidrs = List.copyOf(remoteCidrs);
        if (routingMode == RoutingMode.POLICY && (localCidrs.isEmpty() || remoteCidrs.isEmpty())) {
            throw new IllegalArgumentException("policy mode needs localCidrs and remoteCidrs"); // REQ-CONN-005
        }
    }

    /** REQ-CONN-005: destination mode negotiates 0.0.0.0/0 both ways, policy mode the CIDR lists. */
    public List<Cidr> localSelectors() {
        return routingMode == RoutingMode.DESTINATION ? List.of(Cidr.ANY) : localCidrs;
    }

    public List<Cidr> remoteSelectors() {
        return routingMode == RoutingMode.DESTINATION ? List.of(Cidr.ANY) : remoteCidrs;
    }

    public List<io.vpnplane.agent.ike.message.TrafficSelector> localSelectorsAsTs() {
        return localSelectors().stream().map(Cidr::toTrafficSelector).toList();
    }

    public List<io.vpnplane.agent.ike.message.TrafficSelector> remoteSelectorsAsTs() {
        return remoteSelectors().stream().map(Cidr::toTrafficSelector).toList();
    }

    public enum RoutingMode { DESTINATION, POLICY }

    /**
     * START initiates at once (effectImmediately=true); TRAP waits for the peer or for traffic
     * (effectImmediately=false, REQ-CONN-008); RESPOND_ONLY never initiates (cloud B response-only,
     * REQ-B-004).
     */
    public enum StartAction { START, TRAP, RESPOND_ONLY }

    /** Phase 1. The first DH group is the one whose KE is sent; the rest are acceptable on retry. */
    public record IkeSettings(EncryptionAlgorithm encryption, PseudoRandomFunction prf,
                              Optional<IntegrityAlgorithm> integrity, List<DiffieHellmanGroup> dhGroups,
                              Duration lifetime, Identity localId, Identity remoteId) {
        public IkeSettings {
            dhGroups = List.copyOf(dhGroups);
            if (dhGroups.isEmpty()) {
                throw new IllegalArgumentException("IKE needs a DH group");
            }
            if (encryption.isAead() == integrity.isPresent()) {
                throw new IllegalArgumentException("integrity is required with CBC and forbidden with GCM");
            }
            if (!lifetime.isPositive()) {
                throw new IllegalArgumentException("IKE SA lifetime must be positive");
            }
        }
    }

    /** Phase 2 (REQ-TUN-005): pfsGroup empty means "disabled". */
    /**
     * Phase 2. With {@code extendedSequenceNumbers} we offer and accept ESN (RFC 4304), and fall back to
     * 32-bit numbers when the peer does not; {@code replayWindow} is the inbound anti-replay window in
     * packets (RFC 4303 §3.4.3: 0 turns the check off, else 32..65536; default 64).
     */
    public record IpsecSettings(EncryptionAlgorithm encryption, Optional<IntegrityAlgorithm> integrity,
                                Optional<DiffieHellmanGroup> pfsGroup, Duration lifetime,
                                boolean extendedSequenceNumbers, int replayWindow) {
        public static final int DEFAULT_REPLAY_WINDOW = AntiReplayWindow.DEFAULT_SIZE;

        public IpsecSettings {
            if (encryption.isAead() == integrity.isPresent()) {
                throw new IllegalArgumentException("integrity is required with CBC and forbidden with GCM");
            }
            if (!lifetime.isPositive()) {
                throw new IllegalArgumentException("CHILD_SA lifetime must be positive");
            }
            if (replayWindow != 0 && (replayWindow < 32 || replayWindow > AntiReplayWindow.MAX_SIZE)) {
                throw new IllegalArgumentException("replay window must be 0 (off) or 32.." + AntiReplayWindow.MAX_SIZE);
            }
        }

        /** Without ESN, with the default replay window. */
        public IpsecSettings(EncryptionAlgorithm encryption, Optional<IntegrityAlgorithm> integrity,
                             Optional<DiffieHellmanGroup> pfsGroup, Duration lifetime) {
            this(encryption, integrity, pfsGroup, lifetime, false, DEFAULT_REPLAY_WINDOW);
        }
    }

    /**
     * REQ-TUN-006, REQ-B-003: liveness checks every {@code interval} of silence; dead after
     * {@code timeout}, then {@code action}. An enabled setting must be a valid {@link DpdPolicy}.
     */
    public record DpdSettings(boolean enabled, Duration interval, Duration timeout, DpdAction action) {

        public DpdSettings {
            if (enabled) {
                new DpdPolicy(interval, timeout, action);
            }
        }

        public DpdSettings(boolean enabled, Duration interval, Duration timeout) {
            this(enabled, interval, timeout, DpdAction.RESTART);
        }

        public DpdPolicy policy() {
            return new DpdPolicy(interval, timeout, action);
        }
    }
}
