package io.vpnplane.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vpnplane.agent.healthcheck.IcmpEcho;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

// Issue 5: a TUN device opened through FFM, packets read and written by a userspace loop.
class TunDeviceTest {

    @Test
    void pingIsAnsweredByAUserspaceLoopBehindTheTunDevice() throws Exception {
        assumeTrue(ScratchNamespace.isRoot(), "creating network namespaces and TUN devices needs root");
        try (ScratchNamespace ns = ScratchNamespace.create("tuntest");
                TunDevice tun = NetworkNamespace.call(ns.name(), () -> TunDevice.open("vpt0"))) {
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
    }
}
