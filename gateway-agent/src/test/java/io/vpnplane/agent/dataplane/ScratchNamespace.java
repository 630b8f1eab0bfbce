package io.vpnplane.agent.dataplane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A network namespace created for one test and deleted afterwards (needs root). */
public final class ScratchNamespace implements AutoCloseable {

    private final String name;

    private ScratchNamespace(String name) {
        this.name = name;
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static ScratchNamespace create(String prefix) throws IOException {
        String name = prefix + "-" + ProcessHandle.current().pid();
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/run/netns", name))) {
            IpCommand.run("netns", "delete", name);
        }
        IpCommand.run("netns", "add", name);
        IpCommand.run("-n", name, "link", "set", "lo", "up");
        return new ScratchNamespace(name);
    }

    public String name() {
        return name;
    }

    /** Runs {@code ip -n NAME ARGS...}. */
    public void ip(String... args) throws IOException {
        String[] full = new String[args.length + 2];
        full[0] = "-n";
        full[1] = name;
        System.arraycopy(args, 0, full, 2, args.length);
        IpCommand.run(full);
    }

    /** Runs a command inside the namespace and returns its exit code and output. */
    public Result exec(int timeoutSeconds, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    public record Result(int exitCode, String output) {
    }

    @Override
    public void close() throws IOException {
        IpCommand.run("netns", "delete", name);
    }
}
