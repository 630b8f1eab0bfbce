package io.vpnplane.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.vpnplane.agent.interop.CommandResult;
import io.vpnplane.agent.interop.HostCommands;
import io.vpnplane.agent.interop.NetworkNamespace;

/**
 * The customer's router at the site: FRR zebra and bgpd in the site namespace, so what BGP learns is installed in the
 * site's kernel and steers its traffic back to the cloud. Both daemons run as user frr (root is not in frrvty), so
 * their folder is world-writable; vtysh reaches them through its sockets there.
 */
final class SiteRouter implements AutoCloseable {

    static final Path ZEBRA = Path.of("/usr/lib/frr/zebra");
    static final Path BGPD = Path.of("/usr/lib/frr/bgpd");

    private final Path directory;

    private SiteRouter(Path directory) {
        this.directory = directory;
    }

    static boolean installed() {
        return Files.isExecutable(ZEBRA) && Files.isExecutable(BGPD);
    }

    /** Starts zebra and bgpd with this bgpd configuration and waits until bgpd answers on its vty. */
    static SiteRouter start(NetworkNamespace site, String bgpdConf) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("e2e-frr");
        directory.toFile().setWritable(true, false);
        directory.toFile().setExecutable(true, false);
        Files.writeString(directory.resolve("zebra.conf"), "hostname site\n");
        Files.writeString(directory.resolve("bgpd.conf"), bgpdConf);
        SiteRouter router = new SiteRouter(directory);
        try {
            for (Path daemon : new Path[] {ZEBRA, BGPD}) {
                String name = daemon.getFileName().toString();
                site.run(daemon.toString(), "-d", "-u", "frr", "-g", "frr", "-f", directory.resolve(name + ".conf").toString(),
                        "-i", directory.resolve(name + ".pid").toString(), "--vty_socket", directory.toString(),
                        "-z", directory.resolve("zserv.api").toString()).requireSuccess();
            }
            LocalSuite.awaitTrue(Duration.ofSeconds(20), () -> router.vtysh("show bgp summary").succeeded(), () -> "bgpd answers");
            return router;
        } catch (RuntimeException | AssertionError | InterruptedException e) {
            router.close();
            throw e;
        }
    }

    CommandResult vtysh(String command) {
        return HostCommands.run("vtysh", "--vty_socket", directory.toString(), "-c", command);
    }

    /** Whether bgpd has a path to exactly this prefix. */
    boolean hasBgpRoute(String prefix) {
        return vtysh("show ip bgp " + prefix).stdout().contains("Paths:");
    }

    /** Whether the session with this neighbour is Established. */
    boolean established(String neighbour) {
        return vtysh("show bgp neighbors " + neighbour).stdout().contains("BGP state = Established");
    }

    @Override
    public void close() {
        for (String name : new String[] {"bgpd", "zebra"}) {
            try {
                Path pid = directory.resolve(name + ".pid");
                if (Files.exists(pid)) {
                    HostCommands.run("kill", Files.readString(pid).trim());
                }
            } catch (IOException e) {
                // the namespace's deletion kills what is left
            }
        }
    }
}
