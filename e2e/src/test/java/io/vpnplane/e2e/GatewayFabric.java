package io.vpnplane.e2e;

import java.util.ArrayList;
import java.util.List;

import io.vpnplane.agent.interop.HostCommands;
import io.vpnplane.agent.interop.NetworkNamespace;

/**
 * The network of an end-to-end run: a "site" namespace holding a bridge (the customer's router and the internet
 * between it and the cloud) with the customer gateway address on it, and one namespace per gateway node, each
 * joined to the bridge by a veth pair. Addresses come from 10.50.0.0/24: the site is .2, nodes .11 and up.
 * Namespaces are named after this JVM's pid so parallel runs never share them.
 */
final class GatewayFabric implements AutoCloseable {

    static final String SITE_ADDRESS = "10.50.0.2";

    private final String prefix;
    private final NetworkNamespace site;
    private final List<NetworkNamespace> nodes = new ArrayList<>();

    private GatewayFabric(String prefix, NetworkNamespace site) {
        this.prefix = prefix;
        this.site = site;
    }

    static GatewayFabric create() {
        String prefix = "e2e" + ProcessHandle.current().pid();
        NetworkNamespace site = new NetworkNamespace(prefix + "-site");
        HostCommands.run("ip", "netns", "add", site.name()).requireSuccess();
        GatewayFabric fabric = new GatewayFabric(prefix, site);
        try {
            site.run("ip", "link", "set", "lo", "up").requireSuccess();
            site.run("ip", "link", "add", "br0", "type", "bridge").requireSuccess();
            site.run("ip", "addr", "add", SITE_ADDRESS + "/24", "dev", "br0").requireSuccess();
            site.run("ip", "link", "set", "br0", "up").requireSuccess();
            return fabric;
        } catch (RuntimeException e) {
            fabric.close();
            throw e;
        }
    }

    NetworkNamespace site() {
        return site;
    }

    /** A new gateway node namespace with address 10.50.0.(11 + n) on its link to the site. */
    NetworkNamespace addNode() {
        int index = nodes.size();
        NetworkNamespace node = new NetworkNamespace(prefix + "-n" + index);
        HostCommands.run("ip", "netns", "add", node.name()).requireSuccess();
        nodes.add(node);
        String inside = "e2e" + index + "n";
        String outside = "e2e" + index + "s";
        HostCommands.run("ip", "link", "add", inside, "netns", node.name(), "type", "veth", "peer", "name", outside,
                "netns", site.name()).requireSuccess();
        site.run("ip", "link", "set", outside, "master", "br0", "up").requireSuccess();
        node.run("ip", "link", "set", "lo", "up").requireSuccess();
        node.run("ip", "addr", "add", nodeAddress(index) + "/24", "dev", inside).requireSuccess();
        node.run("ip", "link", "set", inside, "up").requireSuccess();
        return node;
    }

    static String nodeAddress(int index) {
        return "10.50.0." + (11 + index);
    }

    @Override
    public void close() {
        for (NetworkNamespace namespace : nodes) {
            delete(namespace);
        }
        delete(site);
    }

    private static void delete(NetworkNamespace namespace) {
        for (long pid : namespace.pids()) {
            HostCommands.run("kill", "-9", Long.toString(pid));
        }
        HostCommands.run("ip", "netns", "delete", namespace.name());
    }
}
