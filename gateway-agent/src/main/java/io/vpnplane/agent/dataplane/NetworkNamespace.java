package io.vpnplane.agent.dataplane;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Runs set-up code inside a named network namespace ({@code /run/netns/NAME}, as created by
 * {@code ip netns add}) on a dedicated thread: sockets and TUN devices are bound to the namespace
 * of the thread that creates them and keep it, so one agent process can serve several namespaces
 * (the interop tests run two agents this way).
 */
public final class NetworkNamespace {

    private NetworkNamespace() {
    }

    public static <T> T call(String name, Callable<T> inside) throws IOException {
        Thread.Builder builder = Thread.ofPlatform().name("netns-" + name);
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = builder.start(() -> {
            try {
                int fd = NativeCalls.open("/run/netns/" + name, NativeCalls.O_CLOEXEC);
                try {
                    NativeCalls.setNetworkNamespace(fd);
                } finally {
                    NativeCalls.close(fd);
                }
                result[0] = inside.call();
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while entering " + name, e);
        }
        if (failure[0] instanceof IOException io) {
            throw io;
        }
        if (failure[0] != null) {
            throw new IOException("set-up in network namespace " + name + " failed", failure[0]);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }
}
