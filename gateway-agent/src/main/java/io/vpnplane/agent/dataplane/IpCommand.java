package io.vpnplane.agent.dataplane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs {@code ip} (iproute2) to configure interfaces; simpler than netlink and enough for set-up. */
public final class IpCommand {

    private IpCommand() {
    }

    /** Runs {@code ip ARGS...}; fails with ip's own message when it exits non-zero. */
    public static String run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        return run(command, "");
    }

    /**
     * Runs many {@code ip} commands (one per line, without the leading {@code ip}) in one process, going on past a
     * failing line; fails at the end with ip's messages when any line failed. One process instead of thousands when a
     * BGP table changes at once.
     */
    public static String batch(List<String> lines) throws IOException {
        return run(List.of("ip", "-force", "-batch", "-"), String.join("\n", lines) + "\n");
    }

    private static String run(List<String> command, String input) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // fed and drained on other threads: ip may answer (errors) while it still reads, and a full pipe would block
        // both; the deadline below then holds however ip behaves
        Thread.ofVirtual().start(() -> {
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // ip exited before reading everything; its exit status tells
            }
        });
        CompletableFuture<String> output = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                output.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.completeExceptionally(e);
            }
        });
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            String text = output.get(10, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("no output from: " + String.join(" ", command), e);
        }
    }
}
