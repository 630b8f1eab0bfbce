package io.vpnplane.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.agent.ike.ChildSaListener;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.IkeDaemon;
import io.vpnplane.agent.ike.PeerActivity;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ike.transport.EspPacketSink;
import io.vpnplane.agent.standalone.StandaloneConfig;
import io.vpnplane.testkit.Eventually;

/**
 * The runner over a real IKE daemon on loopback UDP against a second daemon as the peer: start negotiates, stop sends
 * DELETE (the peer's CHILD SA goes), start again comes back up (issue #6, managed mode).
 */
class EngineTunnelRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void startNegotiatesStopDeletesAtThePeerAndAnotherStartComesBack() throws Exception {
        InetAddress node = InetAddress.getByName("127.0.0.1");
        InetAddress peer = InetAddress.getByName("127.0.0.2");
        EngineSettings settings = EngineSettings.defaults().withPorts(freePort(), freePort());
        TunnelConfig onPeer = tunnel(peer, node, TunnelConfig.StartAction.RESPOND_ONLY);
        try (IkeDaemon peerDaemon = IkeDaemon.start(List.of(onPeer), settings, ChildSaListener.NONE, EspPacketSink.DISCARD);
             IkeDaemon nodeDaemon = IkeDaemon.start(Set.of(node), settings, ChildSaListener.NONE, EspPacketSink.DISCARD,
                     PeerActivity.NONE)) {
            EngineTunnelRunner runner = new EngineTunnelRunner(nodeDaemon);

            runner.start(new ManagedTunnel("acc-1", "conn-1", 1, tunnel(node, peer, TunnelConfig.StartAction.START), Optional.empty(), Optional.empty(), Optional.empty()));
            Eventually.await(WAIT, () -> !peerDaemon.childSas("t1").isEmpty());
            assertThat(runner.runningVersions()).containsEntry("t1", 1L);

            runner.stop("t1");
            Eventually.await(WAIT, () -> peerDaemon.childSas("t1").isEmpty());
            assertThat(runner.runningVersions()).isEmpty();
            assertThat(nodeDaemon.status("t1")).isEmpty();

            runner.start(new ManagedTunnel("acc-1", "conn-1", 2, tunnel(node, peer, TunnelConfig.StartAction.START), Optional.empty(), Optional.empty(), Optional.empty()));
            Eventually.await(WAIT, () -> !peerDaemon.childSas("t1").isEmpty() && !nodeDaemon.childSas("t1").isEmpty());
        }
    }

    private static TunnelConfig tunnel(InetAddress local, InetAddress remote, TunnelConfig.StartAction start) throws Exception {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putArray("tunnels").addObject().put("id", "t1").put("localAddress", local.getHostAddress())
                .put("remoteAddress", remote.getHostAddress()).put("psk", "managed-psk")
                .put("initiatorMode", start == TunnelConfig.StartAction.RESPOND_ONLY ? "response-only" : "bi-directional");
        return StandaloneConfig.parse(root).tunnels().getFirst();
    }

    private static int freePort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            return socket.getLocalPort();
        }
    }
}
