package io.vpnplane.agent.ike.interop;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.IkeSaTransforms;
import io.vpnplane.agent.ike.ChildSaListener;
import io.vpnplane.agent.ike.Cidr;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.Identity;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.PreSharedKey;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ike.TunnelStatus;
import io.vpnplane.agent.ike.transport.EspPacketSink;
import io.vpnplane.agent.interop.NetworkNamespace;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Our engine on real sockets inside a test namespace, configured like a cloud tunnel. */
final class AgentFixture {

    private AgentFixture() {
    }

    static TunnelConfig tunnel(String local, String remote, String localInner, String remoteInner, String psk,
                               IkeSaTransforms ike, ChildSaTransforms esp, Duration ikeLifetime,
                               Duration childLifetime, TunnelConfig.StartAction start) throws Exception {
        return tunnel(local, remote, localInner + "/32", remoteInner + "/32", psk, ike, List.of(ike.group()), esp,
                ikeLifetime, childLifetime, start);
    }

    static TunnelConfig tunnel(String local, String remote, String localCidr, String remoteCidr, String psk,
                               IkeSaTransforms ike, List<DiffieHellmanGroup> groups, ChildSaTransforms esp,
                               Duration ikeLifetime, Duration childLifetime, TunnelConfig.StartAction start)
            throws Exception {
        InetAddress localAddress = InetAddress.getByName(local);
        InetAddress remoteAddress = InetAddress.getByName(remote);
        return new TunnelConfig("t1", localAddress, remoteAddress, new PreSharedKey(psk),
                new TunnelConfig.IkeSettings(ike.encryption(), ike.prf(), ike.integrity(), groups,
                        ikeLifetime, Identity.of(localAddress), Identity.of(remoteAddress)),
                new TunnelConfig.IpsecSettings(esp.encryption(), esp.integrity(), esp.pfsGroup(), childLifetime),
                new TunnelConfig.DpdSettings(true, Duration.ofSeconds(10), Duration.ofSeconds(130)),
                true, true, TunnelConfig.RoutingMode.POLICY, List.of(Cidr.parse(localCidr)),
                List.of(Cidr.parse(remoteCidr)), start);
    }

    static IkeDaemon start(NetworkNamespace namespace, TunnelConfig tunnel) throws Exception {
        return start(namespace, tunnel, EngineSettings.defaults());
    }

    static IkeDaemon start(NetworkNamespace namespace, TunnelConfig tunnel, EngineSettings settings)
            throws Exception {
        return namespace.callInside(() -> IkeDaemon.start(List.of(tunnel), settings, ChildSaListener.NONE,
                EspPacketSink.DISCARD));
    }

    static TunnelStatus awaitStatus(IkeDaemon daemon, Predicate<TunnelStatus> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        TunnelStatus status = daemon.status("t1").orElseThrow();
        while (!condition.test(status) && Instant.now().isBefore(deadline)) {
            sleep(100);
            status = daemon.status("t1").orElseThrow();
        }
        return status;
    }

    static boolean await(Supplier<Boolean> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            sleep(100);
        }
        return true;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
