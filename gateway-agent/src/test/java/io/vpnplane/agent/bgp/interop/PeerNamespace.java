package io.vpnplane.agent.bgp.interop;

/**
 * A network namespace for a test peer, joined to the test's own (root) namespace by a veth
 * pair with a /30 on it, like a tunnel's inner addresses (REQ-TUN-008). The speaker under
 * test runs in the JVM, in the root namespace, on {@link #localAddress()}.
 */
final class PeerNamespace implements AutoCloseable {

    private final String name;
    private final String hostSide;
    private final String peerSide;
    private final String localAddress;
    private final String peerAddress;

    /** {@code subnet} is the third octet of 10.201.X.0/30; each test class uses its own. */
    PeerNamespace(String name, int subnet) {
        this.name = name;
        this.hostSide = name + "h";
        this.peerSide = name + "p";
        this.localAddress = "10.201." + subnet + ".1";
        this.peerAddress = "10.201." + subnet + ".2";
        remove();
        Command.run("ip", "netns", "add", name);
        Command.run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", peerSide);
        Command.run("ip", "link", "set", peerSide, "netns", name);
        Command.run("ip", "addr", "add", localAddress + "/30", "dev", hostSide);
        Command.run("ip", "link", "set", hostSide, "up");
        Command.run("ip", "-n", name, "addr", "add", peerAddress + "/30", "dev", peerSide);
        Command.run("ip", "-n", name, "link", "set", peerSide, "up");
        Command.run("ip", "-n", name, "link", "set", "lo", "up");
    }

    String name() {
        return name;
    }

    String localAddress() {
        return localAddress;
    }

    String peerAddress() {
        return peerAddress;
    }

    /** Cuts or restores the link without the TCP stacks noticing (no FIN, no RST). */
    void linkUp(boolean up) {
        Command.run("ip", "-n", name, "link", "set", peerSide, up ? "up" : "down");
    }

    String exec(String... command) {
        String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = name;
        System.arraycopy(command, 0, full, 4, command.length);
        return Command.run(full);
    }

    private void remove() {
        Command.runQuietly("ip", "link", "del", hostSide);
        Command.runQuietly("ip", "netns", "del", name);
    }

    @Override
    public void close() {
        remove();
    }
}
