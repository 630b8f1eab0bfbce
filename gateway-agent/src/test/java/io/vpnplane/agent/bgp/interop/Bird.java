package io.vpnplane.agent.bgp.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** BIRD 2 in a namespace, run by hand (not its system service), read with birdc. */
final class Bird implements AutoCloseable {

    static final Path BIRD = Path.of("/usr/sbin/bird");
    static final String BGP_PROTOCOL = "tunnel";

    private final PeerNamespace namespace;
    private final Path directory;
    private boolean running;

    Bird(PeerNamespace namespace, String config) throws IOException {
        this.namespace = namespace;
        this.directory = Files.createTempDirectory("bird");
        Files.writeString(directory.resolve("bird.conf"), config);
        start();
    }

    static boolean installed() {
        return Files.isExecutable(BIRD) && Files.isExecutable(Path.of("/usr/sbin/birdc"));
    }

    /**
     * One BGP neighbour (our speaker) plus static routes: {@code staticA} and {@code staticB}
     * are separate protocols so a test can withdraw {@code staticB} by disabling it.
     */
    static String config(long as, String routerId, String neighbour, long neighbourAs, int neighbourPort, List<String> staticA,
                         List<String> staticB, String... bgpExtras) {
        StringBuilder out = new StringBuilder();
        out.append("router id ").append(routerId).append(";\n")
                .append("protocol device {}\n");
        appendStatic(out, "staticA", staticA);
        appendStatic(out, "staticB", staticB);
        out.append("protocol bgp ").append(BGP_PROTOCOL).append(" {\n")
                .append("  local ").append(routerId).append(" as ").append(as).append(";\n")
                .append("  neighbor ").append(neighbour).append(" port ").append(neighbourPort).append(" as ").append(neighbourAs).append(";\n")
                .append("  hold time 3; keepalive time 1; connect retry time 1; connect delay time 1; error wait time 1, 2;\n");
        for (String extra : bgpExtras) {
            out.append("  ").append(extra).append(";\n");
        }
        // RFC 8212: BIRD passes no eBGP routes without an explicit policy.
        out.append("  ipv4 { import all; export all; };\n}\n");
        return out.toString();
    }

    private static void appendStatic(StringBuilder out, String name, List<String> routes) {
        out.append("protocol static ").append(name).append(" {\n  ipv4;\n");
        for (String route : routes) {
            out.append("  route ").append(route).append(" blackhole;\n");
        }
        out.append("}\n");
    }

    void start() {
        namespace.exec(BIRD.toString(), "-c", directory.resolve("bird.conf").toString(), "-s", socket(),
                "-P", directory.resolve("bird.pid").toString());
        running = true;
    }

    private String socket() {
        return directory.resolve("bird.ctl").toString();
    }

    String birdc(String... command) {
        String[] full = new String[command.length + 3];
        full[0] = "birdc";
        full[1] = "-s";
        full[2] = socket();
        System.arraycopy(command, 0, full, 3, command.length);
        return Command.run(full);
    }

    boolean established() {
        return birdc("show", "protocols", BGP_PROTOCOL).contains("Established");
    }

    /** The route's "BGP.as_path" line content, or empty when BIRD has no such route. */
    String asPathOf(String prefix) {
        String text = lenientBirdc("show", "route", prefix, "all");
        for (String line : text.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("BGP.as_path:")) {
                return trimmed.substring("BGP.as_path:".length()).trim();
            }
        }
        return "";
    }

    boolean hasRoute(String prefix) {
        return lenientBirdc("show", "route", prefix, "protocol", BGP_PROTOCOL).contains(prefix);
    }

    /** birdc exits 1 for "network not found": that is an answer here, not a failure. */
    private String lenientBirdc(String... command) {
        String[] full = new String[command.length + 3];
        full[0] = "birdc";
        full[1] = "-s";
        full[2] = socket();
        System.arraycopy(command, 0, full, 3, command.length);
        return Command.runQuietly(full);
    }

    /** Number of routes in BIRD's table (the benchmark's BIRD has no other routes). */
    long importedCount() {
        String text = birdc("show", "route", "count");
        for (String line : text.split("\n")) {
            String[] words = line.trim().split("\\s+");
            // "10000 of 10000 routes for 10000 networks in table master4"
            if (words.length >= 10 && words[1].equals("of") && words[3].equals("routes") && words[9].equals("master4")) {
                return Long.parseLong(words[0]);
            }
        }
        return 0;
    }

    void kill() throws IOException {
        Command.runQuietly("kill", "-9", Files.readString(directory.resolve("bird.pid")).trim());
        running = false;
    }

    @Override
    public void close() throws IOException {
        if (running) {
            kill();
        }
    }
}
