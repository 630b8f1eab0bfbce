package io.vpnplane.agent.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two network namespaces, "left" and "right", joined by a veth pair, each with an inner /32 address
 * on {@code lo} that stands for the network behind its VPN gateway (interop-recipes.md):
 *
 * <pre>
 *  left  [inner 192.168.100.1/32 on lo]  10.9.0.1/24 ==veth== 10.9.0.2/24  [inner 172.16.10.1/32 on lo]  right
 * </pre>
 *
 * Namespace and interface names carry this JVM's PID and a counter, so parallel test runs and several
 * networks in one run never clash; the addresses can repeat because each network is isolated.
 * {@link #close()} kills every process left in the namespaces and deletes them; a shutdown hook does the
 * same if a test forgets, and {@link #create} removes networks left behind by JVMs that died.
 */
public final class TestNetwork implements AutoCloseable {

    /** The fixed addressing of a test network. */
    public record Addressing(String leftAddress, String rightAddress, int prefixLength, String leftInner,
            String rightInner) {

        public static Addressing defaults() {
            return new Addressing("10.9.0.1", "10.9.0.2", 24, "192.168.100.1", "172.16.10.1");
        }
    }

    private static final String PREFIX = "vpl-";
    private static final Pattern OWNED_NAME = Pattern.compile("vpl-(\\d+)-\\d+-[lr]");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final NetworkNamespace left;
    private final NetworkNamespace right;
    private final Addressing addressing;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private TestNetwork(NetworkNamespace left, NetworkNamespace right, Addressing addressing) {
        this.left = left;
        this.right = right;
        this.addressing = addressing;
        this.shutdownHook = new Thread(this::deleteNamespaces, "delete-" + left.name());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static TestNetwork create() {
        return create(Addressing.defaults());
    }

    public static TestNetwork create(Addressing addressing) {
        removeNetworksOfDeadJvms();
        long pid = ProcessHandle.current().pid();
        int number = COUNTER.incrementAndGet();
        String base = PREFIX + pid + "-" + number;
        NetworkNamespace left = new NetworkNamespace(base + "-l");
        NetworkNamespace right = new NetworkNamespace(base + "-r");
        // Interface names are limited to 15 characters.
        String leftVeth = "v" + pid + "x" + number + "l";
        String rightVeth = "v" + pid + "x" + number + "r";

        HostCommands.run("ip", "netns", "add", left.name()).requireSuccess();
        TestNetwork network = new TestNetwork(left, right, addressing);
        try {
            HostCommands.run("ip", "netns", "add", right.name()).requireSuccess();
            HostCommands.run("ip", "link", "add", leftVeth, "netns", left.name(), "type", "veth", "peer", "name",
                    rightVeth, "netns", right.name()).requireSuccess();
            configure(left, leftVeth, addressing.leftAddress(), addressing.prefixLength(), addressing.leftInner());
            configure(right, rightVeth, addressing.rightAddress(), addressing.prefixLength(), addressing.rightInner());
            return network;
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    private static void configure(NetworkNamespace namespace, String veth, String address, int prefixLength,
            String inner) {
        String ns = namespace.name();
        HostCommands.run("ip", "-n", ns, "link", "set", "lo", "up").requireSuccess();
        HostCommands.run("ip", "-n", ns, "addr", "add", inner + "/32", "dev", "lo").requireSuccess();
        HostCommands.run("ip", "-n", ns, "addr", "add", address + "/" + prefixLength, "dev", veth).requireSuccess();
        HostCommands.run("ip", "-n", ns, "link", "set", veth, "up").requireSuccess();
    }

    public NetworkNamespace left() {
        return left;
    }

    public NetworkNamespace right() {
        return right;
    }

    public Addressing addressing() {
        return addressing;
    }

    public String leftAddress() {
        return addressing.leftAddress();
    }

    public String rightAddress() {
        return addressing.rightAddress();
    }

    public String leftInner() {
        return addressing.leftInner();
    }

    public String rightInner() {
        return addressing.rightInner();
    }

    /** Pings the right inner address from the left inner address (through the tunnel once one is up). */
    public CommandResult pingLeftToRightInner(int count) {
        return left.run("ping", "-c", Integer.toString(count), "-i", "0.2", "-W", "2", "-I", leftInner(), rightInner());
    }

    /** Pings the left inner address from the right inner address. */
    public CommandResult pingRightToLeftInner(int count) {
        return right.run("ping", "-c", Integer.toString(count), "-i", "0.2", "-W", "2", "-I", rightInner(), leftInner());
    }

    @Override
    public void close() {
        deleteNamespaces();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from another shutdown hook: ours runs anyway and finds nothing left to do.
        }
    }

    private void deleteNamespaces() {
        if (closed.compareAndSet(false, true)) {
            delete(left);
            delete(right);
        }
    }

    /** Kills what still runs in the namespace (the veth pair goes with it). */
    private static void delete(NetworkNamespace namespace) {
        for (long pid : namespace.pids()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        HostCommands.run("ip", "netns", "delete", namespace.name());
    }

    private static void removeNetworksOfDeadJvms() {
        Path netnsDirectory = Path.of("/run/netns");
        if (!Files.isDirectory(netnsDirectory)) {
            return;
        }
        String[] names = netnsDirectory.toFile().list();
        List<String> stale = Arrays.stream(names == null ? new String[0] : names)
                .filter(name -> {
                    Matcher matcher = OWNED_NAME.matcher(name);
                    return matcher.matches() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty();
                })
                .toList();
        stale.forEach(name -> delete(new NetworkNamespace(name)));
    }
}
