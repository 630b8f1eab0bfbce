package io.vpnplane.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.esp.EspSaSpec;
import io.vpnplane.agent.esp.InboundResult;
import io.vpnplane.agent.esp.OutboundSa;
import io.vpnplane.agent.esp.SaLifetime;
import io.vpnplane.agent.esp.SaLifetimeListener;
import io.vpnplane.agent.ike.ChildSa;
import io.vpnplane.agent.ike.ChildSaKeys;
import io.vpnplane.agent.ike.message.TrafficSelector;
import io.vpnplane.agent.healthcheck.IcmpEcho;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// How the engine's CHILD_SAs land in the data plane: key directions, rekey without a gap, selectors.
class ChildSaInstallerTest {

    private static final ChildSaTransforms SUITE = new ChildSaTransforms(EncryptionAlgorithm.AES_128_CBC,
            Optional.of(IntegrityAlgorithm.HMAC_SHA1_96), Optional.empty());
    private static final InetSocketAddress LOCAL = new InetSocketAddress("10.9.0.1", 4500);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("10.9.0.2", 4500);

    private ScratchNamespace ns;
    private EspDataPlane plane;
    private ChildSaInstaller installer;
    private final List<byte[]> sent = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(ScratchNamespace.isRoot(), "the data plane needs a TUN device (root)");
        ns = ScratchNamespace.create("installer");
        TunDevice tun = NetworkNamespace.call(ns.name(), () -> TunDevice.open("vpn0"));
        plane = new EspDataPlane(tun, (tunnel, buf, off, length) -> sent.add(java.util.Arrays.copyOfRange(buf, off,
                off + length)), new LiveForwardingTable<>(ForwardingTable.empty()), (from, message) -> {
        }, System::nanoTime);
        installer = new ChildSaInstaller(plane);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (plane != null) {
            plane.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    private static byte[] key(int length, int seed) {
        byte[] key = new byte[length];
        new Random(seed).nextBytes(key);
        return key;
    }

    private static TrafficSelector ts(String from, String to) {
        return TrafficSelector.ipv4Range(address(from), address(to));
    }

    private static byte[] address(String text) {
        int a = Ipv4Header.parseAddress(text);
        return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }

    private static ChildSa child(int inboundSpi, int outboundSpi, int seed, List<TrafficSelector> local,
            List<TrafficSelector> remote) {
        ChildSaKeys keys = new ChildSaKeys(key(16, seed), key(20, seed + 1), key(16, seed + 2), key(20, seed + 3));
        Instant now = Instant.now();
        return new ChildSa("t1", inboundSpi, outboundSpi, SUITE, keys, local, remote, LOCAL, REMOTE, true, now,
                now.plusSeconds(3000), now.plusSeconds(3600));
    }

    private static ChildSa policyChild(int inboundSpi, int outboundSpi, int seed) {
        return child(inboundSpi, outboundSpi, seed, List.of(ts("192.168.100.1", "192.168.100.1")),
                List.of(ts("172.16.10.1", "172.16.10.1")));
    }

    @Test
    void inboundSaUsesTheKeysThePeerEncryptsWith() {
        ChildSa sa = policyChild(0xc000_0001, 0xd000_0001, 10);
        installer.installed(sa);

        // What the peer would send: our inbound SPI, the inbound keys.
        EspSaSpec peerOut = new EspSaSpec(sa.inboundSpi(), SUITE, sa.keys().inboundEncryptionKey(),
                sa.keys().inboundIntegrityKey(), false, 64, SaLifetime.UNLIMITED);
        OutboundSa peer = new OutboundSa(peerOut, SaLifetimeListener.IGNORE, System::nanoTime);
        byte[] buf = new byte[256];
        int length = peer.encapsulate(buf, 64, IcmpEcho.writeRequest(buf, 64, Ipv4Header.parseAddress("172.16.10.1"),
                Ipv4Header.parseAddress("192.168.100.1"), 1, 1, 8), 4);

        InboundResult result = plane.inboundSa(sa.inboundSpi()).orElseThrow()
                .decapsulate(buf, 64 - peer.headerLength(), length);
        assertThat(result).isInstanceOf(InboundResult.Accepted.class);
        assertThat(installer.tunnel("t1").orElseThrow().outbound().orElseThrow().spi()).isEqualTo(sa.outboundSpi());
    }

    @Test
    void rekeySwitchesOutboundAtOnceAndKeepsTheOldInboundUntilItIsRemoved() throws Exception {
        ChildSa old = policyChild(0xc000_0001, 0xd000_0001, 10);
        ChildSa fresh = policyChild(0xc000_0002, 0xd000_0002, 20);
        installer.installed(old);
        Tunnel tunnel = installer.tunnel("t1").orElseThrow();

        installer.installed(fresh);
        assertThat(installer.tunnel("t1")).containsSame(tunnel);
        assertThat(tunnel.outbound().orElseThrow().spi()).isEqualTo(fresh.outboundSpi());
        assertThat(plane.inboundSa(old.inboundSpi())).isPresent();
        assertThat(plane.inboundSa(fresh.inboundSpi())).isPresent();
        assertThat(plane.forwarding().current().policies()).hasSize(1);

        installer.removed(old);
        assertThat(plane.inboundSa(old.inboundSpi())).isEmpty();
        assertThat(tunnel.outbound().orElseThrow().spi()).isEqualTo(fresh.outboundSpi());

        // A packet from the TUN side is protected with the new SA.
        byte[] packet = new byte[64];
        int length = IcmpEcho.writeRequest(packet, 0, Ipv4Header.parseAddress("192.168.100.1"),
                Ipv4Header.parseAddress("172.16.10.1"), 1, 1, 8);
        assertThat(plane.forwarding().current().lookup(packet, 0, length)).containsSame(tunnel);
        assertThat(plane.sendThrough(tunnel, packet, 0, length)).isTrue();
        assertThat(Ipv4Header.readInt(sent.getLast(), 0)).isEqualTo(fresh.outboundSpi());

        installer.removed(fresh);
        assertThat(tunnel.outbound()).isEmpty();
        assertThat(plane.sendThrough(tunnel, packet, 0, length)).isFalse();
        // The tunnel and its rule stay: a renegotiation (restart/hold/trap) installs into them again.
        assertThat(plane.forwarding().current().lookup(packet, 0, length)).containsSame(tunnel);
    }

    @Test
    void negotiatedEsnAndTheConfiguredReplayWindowReachBothEspSas() {
        ChildSa plain = policyChild(0xc000_0004, 0xd000_0004, 40);
        ChildSa sa = new ChildSa(plain.tunnelId(), plain.inboundSpi(), plain.outboundSpi(), SUITE, plain.keys(),
                plain.localSelectors(), plain.remoteSelectors(), LOCAL, REMOTE, true, plain.establishedAt(),
                plain.rekeyAt(), plain.expiresAt(), true, 1024);
        installer.installed(sa);

        EspSaSpec inbound = plane.inboundSa(sa.inboundSpi()).orElseThrow().spec();
        EspSaSpec outbound = installer.tunnel("t1").orElseThrow().outbound().orElseThrow().spec();
        assertThat(inbound.extendedSequenceNumbers()).isTrue();
        assertThat(inbound.replayWindowSize()).isEqualTo(1024);
        assertThat(outbound.extendedSequenceNumbers()).isTrue();

        // A peer using ESN (its ICV covers the high 32 bits) is accepted.
        EspSaSpec peerOut = new EspSaSpec(sa.inboundSpi(), SUITE, sa.keys().inboundEncryptionKey(),
                sa.keys().inboundIntegrityKey(), true, 64, SaLifetime.UNLIMITED);
        OutboundSa peer = new OutboundSa(peerOut, SaLifetimeListener.IGNORE, System::nanoTime);
        byte[] buf = new byte[256];
        int length = peer.encapsulate(buf, 64, IcmpEcho.writeRequest(buf, 64, Ipv4Header.parseAddress("172.16.10.1"),
                Ipv4Header.parseAddress("192.168.100.1"), 1, 1, 8), 4);
        assertThat(plane.inboundSa(sa.inboundSpi()).orElseThrow().decapsulate(buf, 64 - peer.headerLength(), length))
                .isInstanceOf(InboundResult.Accepted.class);
    }

    @Test
    void routeBasedSelectorsAddNoPolicyRule() {
        TrafficSelector any = ts("0.0.0.0", "255.255.255.255");
        installer.installed(child(0xc000_0003, 0xd000_0003, 30, List.of(any), List.of(any)));
        assertThat(plane.forwarding().current().policies()).isEmpty();
        assertThat(installer.tunnel("t1")).isPresent();
    }
}
