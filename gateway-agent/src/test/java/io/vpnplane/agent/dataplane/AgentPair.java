package io.vpnplane.agent.dataplane;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.esp.EspSaSpec;
import io.vpnplane.agent.esp.InboundSa;
import io.vpnplane.agent.esp.OutboundSa;
import io.vpnplane.agent.esp.SaLifetime;
import io.vpnplane.agent.esp.SaLifetimeListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;

/**
 * Two agents' data planes in two network namespaces joined by a veth pair, with one keyed CHILD_SA
 * between them (keys made up here instead of negotiated: this exercises ESP and the data plane only).
 *
 * <pre>
 *  [L] 192.168.100.1 on vpn0 (TUN) -- agent -- 10.9.0.1 ==veth== 10.9.0.2 -- agent -- vpn0 172.16.10.1 [R]
 * </pre>
 */
public final class AgentPair implements AutoCloseable {

    public static final String LEFT_INNER = "192.168.100.1";
    public static final String RIGHT_INNER = "172.16.10.1";

    public final ScratchNamespace left;
    public final ScratchNamespace right;
    public final EspDataPlane leftPlane;
    public final EspDataPlane rightPlane;
    private final List<EspSocket> sockets;
    public final Tunnel leftTunnel;
    public final Tunnel rightTunnel;

    private AgentPair(ScratchNamespace left, ScratchNamespace right, EspDataPlane leftPlane, EspDataPlane rightPlane,
            Tunnel leftTunnel, Tunnel rightTunnel, List<EspSocket> sockets) {
        this.sockets = sockets;
        this.left = left;
        this.right = right;
        this.leftPlane = leftPlane;
        this.rightPlane = rightPlane;
        this.leftTunnel = leftTunnel;
        this.rightTunnel = rightTunnel;
    }

    /** Whether the agents ask for the TUN and UDP offloads (each falls back to the plain path if refused). */
    public enum Offloads {
        OFF, ON
    }

    public static AgentPair start(String prefix, ChildSaTransforms transforms) throws IOException {
        return start(prefix, transforms, Offloads.ON);
    }

    public static AgentPair start(String prefix, ChildSaTransforms transforms, Offloads offloads) throws IOException {
        boolean on = offloads == Offloads.ON;
        return start(prefix, transforms, on ? TunDevice.Offload.TCP_SEGMENTATION : TunDevice.Offload.NONE,
                on ? EspSocket.Offload.SEGMENTATION : EspSocket.Offload.NONE);
    }

    /** TUN and UDP offloads chosen separately (the benchmark's breakdown). */
    public static AgentPair start(String prefix, ChildSaTransforms transforms, TunDevice.Offload tunOffload,
            EspSocket.Offload udpOffload) throws IOException {
        ScratchNamespace left = ScratchNamespace.create(prefix + "L");
        ScratchNamespace right = ScratchNamespace.create(prefix + "R");
        String veth = "ve" + (ProcessHandle.current().pid() % 100000);
        IpCommand.run("link", "add", veth + "a", "netns", left.name(), "type", "veth", "peer", "name", veth + "b",
                "netns", right.name());
        left.ip("addr", "add", "10.9.0.1/24", "dev", veth + "a");
        right.ip("addr", "add", "10.9.0.2/24", "dev", veth + "b");
        left.ip("link", "set", veth + "a", "up");
        right.ip("link", "set", veth + "b", "up");

        Tunnel leftTunnel = new Tunnel("t-left", new InetSocketAddress("10.9.0.1", 4500),
                new InetSocketAddress("10.9.0.2", 4500),
                List.of(TrafficSelector.of("192.168.100.0/24")), List.of(TrafficSelector.of("172.16.10.0/24")));
        Tunnel rightTunnel = new Tunnel("t-right", new InetSocketAddress("10.9.0.2", 4500),
                new InetSocketAddress("10.9.0.1", 4500),
                List.of(TrafficSelector.of("172.16.10.0/24")), List.of(TrafficSelector.of("192.168.100.0/24")));
        java.util.ArrayList<EspSocket> sockets = new java.util.ArrayList<>();
        EspDataPlane leftPlane = plane(left, "10.9.0.1", LEFT_INNER, "172.16.10.0/24", leftTunnel, sockets, tunOffload,
                udpOffload);
        EspDataPlane rightPlane = plane(right, "10.9.0.2", RIGHT_INNER, "192.168.100.0/24", rightTunnel, sockets,
                tunOffload, udpOffload);

        EspSaSpec leftToRight = keyed(0x0000_1001, transforms);
        EspSaSpec rightToLeft = keyed(0x0000_2002, transforms);
        leftTunnel.installOutbound(new OutboundSa(leftToRight, SaLifetimeListener.IGNORE, System::nanoTime));
        rightPlane.installInbound(new InboundSa(leftToRight, SaLifetimeListener.IGNORE, System::nanoTime), rightTunnel);
        rightTunnel.installOutbound(new OutboundSa(rightToLeft, SaLifetimeListener.IGNORE, System::nanoTime));
        leftPlane.installInbound(new InboundSa(rightToLeft, SaLifetimeListener.IGNORE, System::nanoTime), leftTunnel);
        leftPlane.start();
        rightPlane.start();
        sockets.get(0).start(leftPlane);
        sockets.get(1).start(rightPlane);
        return new AgentPair(left, right, leftPlane, rightPlane, leftTunnel, rightTunnel, List.copyOf(sockets));
    }

    private static EspDataPlane plane(ScratchNamespace ns, String outer, String inner, String remotePrefix,
            Tunnel tunnel, List<EspSocket> sockets, TunDevice.Offload tunOffload, EspSocket.Offload udpOffload)
            throws IOException {
        record Devices(TunDevice tun, EspSocket udp) {
        }
        Devices devices = NetworkNamespace.call(ns.name(), () -> new Devices(TunDevice.open("vpn0", tunOffload),
                EspSocket.bind(new InetSocketAddress(outer, 4500), udpOffload)));
        ns.ip("addr", "add", inner + "/32", "dev", "vpn0");
        ns.ip("link", "set", "vpn0", "mtu", "1400", "up");
        ns.ip("route", "add", remotePrefix, "dev", "vpn0", "src", inner);
        LiveForwardingTable<Tunnel> table = new LiveForwardingTable<>(
                ForwardingTable.<Tunnel>builder().route(Ipv4Prefix.parse(remotePrefix), tunnel).build());
        EspSocket socket = devices.udp();
        sockets.add(socket);
        return new EspDataPlane(devices.tun(), socket, table, (from, message) -> {
        }, System::nanoTime);
    }

    private static EspSaSpec keyed(int spi, ChildSaTransforms transforms) {
        SecureRandom random = new SecureRandom();
        byte[] encryption = new byte[transforms.encryption().keyMaterialLength()];
        random.nextBytes(encryption);
        byte[] integrity = new byte[transforms.integrity().map(i -> i.keyLength()).orElse(0)];
        random.nextBytes(integrity);
        return new EspSaSpec(spi, transforms, encryption, integrity, false, 64, SaLifetime.UNLIMITED);
    }

    /** The two agents' UDP 4500 sockets, left first. */
    public List<EspSocket> sockets() {
        return sockets;
    }

    @Override
    public void close() throws IOException {
        try {
            for (EspSocket socket : sockets) {
                socket.close();
            }
            leftPlane.close();
            rightPlane.close();
        } finally {
            left.close();
            right.close();
        }
    }
}
