package io.vpnplane.agent.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Makes a TCP service of the host's loopback (the test Kafka broker) reachable on the same port of a namespace's
 * loopback, so an agent running inside the namespace finds the broker at the address the broker advertises. The
 * listening socket is opened inside the namespace; the connections to the service are opened by a thread of the
 * host namespace; bytes are copied both ways by virtual threads (a socket stays in the namespace it was made in).
 */
public final class NamespacePortForwarder implements AutoCloseable {

    private final ServerSocket listener;
    private final int port;
    private final Thread acceptor;

    private NamespacePortForwarder(ServerSocket listener, int port) {
        this.listener = listener;
        this.port = port;
        // created by the caller's (host namespace) thread, so the sockets it opens towards the service are the host's
        this.acceptor = Thread.ofPlatform().daemon().name("forward-" + port).start(this::accept);
    }

    /** Call from a thread in the host namespace. */
    public static NamespacePortForwarder open(NetworkNamespace namespace, int port) throws Exception {
        ServerSocket listener = namespace.callInside(() -> {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        });
        return new NamespacePortForwarder(listener, port);
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket inside;
            try {
                inside = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                Socket outside = new Socket(InetAddress.getLoopbackAddress(), port);
                Thread.ofVirtual().start(() -> copy(inside, outside));
                Thread.ofVirtual().start(() -> copy(outside, inside));
            } catch (IOException e) {
                close(inside);
            }
        }
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed: close both below
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
