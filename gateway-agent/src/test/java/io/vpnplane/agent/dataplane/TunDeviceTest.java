package io.vpnplane.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vpnplane.agent.healthcheck.IcmpEcho;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

// Issue 5: a TUN device opened through FFM, packets read and written by a userspace loop, plain and with a virtio_net_hdr.
class TunDeviceTest {

    @Test
    void pingIsAnsweredByAUserspaceLoopBehindTheTunDevice() throws Exception {
        assumeTrue(ScratchNamespace.isRoot(), "creating network namespaces and TUN devices needs root");
        try (ScratchNamespace ns = ScratchNamespace.create("tuntest");
                TunDevice tun = NetworkNamespace.call(ns.name(), () -> TunDevice.open("vpt0"))) {
            assertThat(tun.offload()).isEqualTo(TunDevice.Offload.NONE);
            assertPlainEchoWorks(ns, tun);
        }
    }

    @Test
    void offloadsTheKernelRefusesFallBackToAPlainDevice() throws Exception {
        assumeTrue(ScratchNamespace.isRoot(), "creating network namespaces and TUN devices needs root");
        try (ScratchNamespace ns = ScratchNamespace.create("tunrefuse");
                TunDevice tun = NetworkNamespace.call(ns.name(),
                        () -> TunDevice.open("vpt0", TunDevice.Offload.TCP_SEGMENTATION, 1L << 30))) {
            assertThat(tun.offload()).isEqualTo(TunDevice.Offload.NONE);
            assertPlainEchoWorks(ns, tun);
        }
    }

    private static void assertPlainEchoWorks(ScratchNamespace ns, TunDevice tun) throws Exception {
        ns.ip("addr", "add", "10.77.0.1/24", "dev", "vpt0");
        ns.ip("link", "set", "vpt0", "up");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        Thread loop = Thread.ofPlatform().name("tun-echo").start(() -> {
            byte[] buf = new byte[2048];
            try {
                while (running.get()) {
                    int n = tun.read(buf, 16, buf.length - 16, 100);
                    if (n > 0 && IcmpEcho.parse(buf, 16, n)
                            .filter(m -> m.type() == IcmpEcho.TYPE_ECHO_REQUEST).isPresent()) {
                        IcmpEcho.turnIntoReply(buf, 16);
                        tun.write(buf, 16, Ipv4Header.totalLength(buf, 16));
                        answered.incrementAndGet();
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        ScratchNamespace.Result ping = ns.exec(15, "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.77.0.2");

        running.set(false);
        loop.join();
        assertThat(ping.exitCode()).as(ping.output()).isZero();
        assertThat(ping.output()).contains("3 received");
        assertThat(answered.get()).isEqualTo(3);
    }

    @Test
    void withOffloadsEveryPacketCarriesAVirtioNetHeaderBothWays() throws Exception {
        assumeTrue(ScratchNamespace.isRoot(), "creating network namespaces and TUN devices needs root");
        try (ScratchNamespace ns = ScratchNamespace.create("tunvnet");
                TunDevice tun = NetworkNamespace.call(ns.name(),
                        () -> TunDevice.open("vpt0", TunDevice.Offload.TCP_SEGMENTATION))) {
            assertThat(tun.offload()).isEqualTo(TunDevice.Offload.TCP_SEGMENTATION);
            ns.ip("addr", "add", "10.77.0.1/24", "dev", "vpt0");
            ns.ip("link", "set", "vpt0", "up");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger headersSeen = new AtomicInteger();
            Thread loop = Thread.ofPlatform().name("tun-echo").start(() -> {
                byte[] buf = new byte[2048];
                int ip = 16 + VirtioNetHeader.LENGTH;
                try {
                    while (running.get()) {
                        int n = tun.read(buf, 16, buf.length - 16, 100);
                        if (n <= VirtioNetHeader.LENGTH) {
                            continue;
                        }
                        if (VirtioNetHeader.read(buf, 16).gsoType() == VirtioNetHeader.GSO_NONE) {
                            headersSeen.incrementAndGet();
                        }
                        if (IcmpEcho.parse(buf, ip, n - VirtioNetHeader.LENGTH)
                                .filter(m -> m.type() == IcmpEcho.TYPE_ECHO_REQUEST).isPresent()) {
                            IcmpEcho.turnIntoReply(buf, ip);
                            int length = Ipv4Header.totalLength(buf, ip);
                            if (answered.incrementAndGet() % 2 == 0) {
                                // Room before the packet: the header goes there, the bytes are put back.
                                buf[ip - 1] = 42;
                                tun.write(buf, ip, length);
                                assertThat(buf[ip - 1]).isEqualTo((byte) 42);
                            } else {
                                // No room: written from a copy.
                                tun.write(java.util.Arrays.copyOfRange(buf, ip, ip + length), 0, length);
                            }
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            ScratchNamespace.Result ping = ns.exec(15, "ping", "-c", "4", "-i", "0.2", "-W", "2", "10.77.0.2");

            running.set(false);
            loop.join();
            assertThat(ping.exitCode()).as(ping.output()).isZero();
            assertThat(ping.output()).contains("4 received");
            assertThat(answered.get()).isEqualTo(4);
            assertThat(headersSeen.get()).isGreaterThanOrEqualTo(4);
        }
    }
}
