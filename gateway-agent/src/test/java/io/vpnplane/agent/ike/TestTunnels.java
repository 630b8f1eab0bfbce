package io.vpnplane.agent.ike;

import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.crypto.PseudoRandomFunction;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Tunnel configurations for engine tests: the seed defaults unless a test changes them. */
final class TestTunnels {

    static final InetAddress A = address("10.9.0.1");
    static final InetAddress B = address("10.9.0.2");

    private TestTunnels() {
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static TunnelConfig.IkeSettings ike(EncryptionAlgorithm encryption, IntegrityAlgorithm integrity,
                                        List<DiffieHellmanGroup> groups, Duration lifetime, InetAddress local,
                                        InetAddress remote) {
        return new TunnelConfig.IkeSettings(encryption, integrity.matchingPrf(), Optional.of(integrity), groups,
                lifetime, Identity.of(local), Identity.of(remote));
    }

    static TunnelConfig.IpsecSettings ipsec(Optional<DiffieHellmanGroup> pfs, Duration lifetime) {
        return new TunnelConfig.IpsecSettings(EncryptionAlgorithm.AES_128_CBC, Optional.of(IntegrityAlgorithm.HMAC_SHA1_96),
                pfs, lifetime);
    }

    static TunnelConfig tunnel(String id, InetAddress local, InetAddress remote, String psk,
                               TunnelConfig.StartAction start) {
        return new TunnelConfig(id, local, remote, new PreSharedKey(psk),
                ike(EncryptionAlgorithm.AES_128_CBC, IntegrityAlgorithm.HMAC_SHA1_96,
                        List.of(DiffieHellmanGroup.MODP_1024), Duration.ofHours(24), local, remote),
                ipsec(Optional.of(DiffieHellmanGroup.MODP_1024), Duration.ofHours(24)),
                new TunnelConfig.DpdSettings(true, Duration.ofSeconds(10), Duration.ofSeconds(130)),
                true, true, TunnelConfig.RoutingMode.DESTINATION, List.of(), List.of(), start);
    }

    static TunnelConfig withIke(TunnelConfig t, TunnelConfig.IkeSettings ike) {
        return new TunnelConfig(t.id(), t.localAddress(), t.remoteAddress(), t.psk(), ike, t.ipsec(), t.dpd(),
                t.natTraversal(), t.forceEncapsulation(), t.routingMode(), t.localCidrs(), t.remoteCidrs(),
                t.startAction());
    }

    static TunnelConfig withIpsec(TunnelConfig t, TunnelConfig.IpsecSettings ipsec) {
        return new TunnelConfig(t.id(), t.localAddress(), t.remoteAddress(), t.psk(), t.ike(), ipsec, t.dpd(),
                t.natTraversal(), t.forceEncapsulation(), t.routingMode(), t.localCidrs(), t.remoteCidrs(),
                t.startAction());
    }

    static TunnelConfig withPolicy(TunnelConfig t, List<Cidr> local, List<Cidr> remote) {
        return new TunnelConfig(t.id(), t.localAddress(), t.remoteAddress(), t.psk(), t.ike(), t.ipsec(), t.dpd(),
                t.natTraversal(), t.forceEncapsulation(), TunnelConfig.RoutingMode.POLICY, local, remote,
                t.startAction());
    }

    static TunnelConfig withNat(TunnelConfig t, boolean natTraversal, boolean force) {
        return new TunnelConfig(t.id(), t.localAddress(), t.remoteAddress(), t.psk(), t.ike(), t.ipsec(), t.dpd(),
                natTraversal, force, t.routingMode(), t.localCidrs(), t.remoteCidrs(), t.startAction());
    }
}
