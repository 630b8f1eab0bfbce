package io.vpnplane.agent.bgp.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FRR bgpd without zebra in a namespace (recipe in shared/spec/interop-recipes.md): its
 * config is generated, its state read with vtysh as JSON.
 */
final class FrrBgpd implements AutoCloseable {

    static final Path BGPD = Path.of("/usr/lib/frr/bgpd");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PeerNamespace namespace;
    private final Path directory;
    private boolean running;

    FrrBgpd(PeerNamespace namespace, String config) throws IOException {
        this.namespace = namespace;
        this.directory = Files.createTempDirectory("frr-bgpd");
        directory.toFile().setReadable(true, false);
        directory.toFile().setWritable(true, false);
        directory.toFile().setExecutable(true, false);
        Files.writeString(directory.resolve("bgpd.conf"), config);
        start();
    }

    static boolean installed() {
        return Files.isExecutable(BGPD);
    }

    /**
     * A config for one neighbour: our speaker at {@code neighbour}, listening on
     * {@code neighbourPort}; timers 1/3 s and connect retry 1 s keep tests fast.
     */
    static String config(long as, String routerId, String neighbour, long neighbourAs, int neighbourPort, List<String> networks,
                         String... neighbourExtras) {
        StringBuilder out = new StringBuilder();
        out.append("frr defaults datacenter\n")
                .append("router bgp ").append(as).append('\n')
                .append(" bgp router-id ").append(routerId).append('\n')
                .append(" no bgp ebgp-requires-policy\n")
                .append(" no bgp network import-check\n")
                .append(" neighbor ").append(neighbour).append(" remote-as ").append(neighbourAs).append('\n')
                .append(" neighbor ").append(neighbour).append(" port ").append(neighbourPort).append('\n')
                .append(" neighbor ").append(neighbour).append(" timers 1 3\n")
                .append(" neighbor ").append(neighbour).append(" timers connect 1\n");
        for (String extra : neighbourExtras) {
            out.append(" neighbor ").append(neighbour).append(' ').append(extra).append('\n');
        }
        out.append(" address-family ipv4 unicast\n");
        for (String network : networks) {
            out.append("  network ").append(network).append('\n');
        }
        out.append(" exit-address-family\n");
        return out.toString();
    }

    void start() {
        namespace.exec(BGPD.toString(), "-Z", "-S", "-d", "-f", directory.resolve("bgpd.conf").toString(),
                "-i", directory.resolve("bgpd.pid").toString(), "--vty_socket", directory.toString());
        running = true;
    }

    void kill() throws IOException {
        Command.runQuietly("kill", "-9", Files.readString(directory.resolve("bgpd.pid")).trim());
        running = false;
    }

    /** Runs configuration commands under "router bgp AS". */
    void configure(long as, String... lines) {
        List<String> command = new ArrayList<>(List.of("vtysh", "--vty_socket", directory.toString(),
                "-c", "configure terminal", "-c", "router bgp " + as));
        for (String line : lines) {
            command.add("-c");
            command.add(line);
        }
        Command.run(command.toArray(String[]::new));
    }

    JsonNode show(String what) {
        String text = Command.run("vtysh", "--vty_socket", directory.toString(), "-c", what + " json");
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("vtysh returned no JSON: " + text, e);
        }
    }

    String neighbourState(String neighbour) {
        return show("show bgp ipv4 unicast summary").path("peers").path(neighbour).path("state").asText("");
    }

    /** The AS path FRR holds for a prefix ("" when it has no such route). */
    String asPathOf(String prefix) {
        JsonNode paths = show("show bgp ipv4 unicast " + prefix).path("paths");
        return paths.isArray() && !paths.isEmpty() ? paths.get(0).path("aspath").path("string").asText("") : "";
    }

    boolean hasRoute(String prefix) {
        return show("show bgp ipv4 unicast " + prefix).path("paths").isArray();
    }

    @Override
    public void close() throws IOException {
        if (running) {
            kill();
        }
    }
}
