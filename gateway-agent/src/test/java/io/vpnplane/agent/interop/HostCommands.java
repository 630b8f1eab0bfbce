package io.vpnplane.agent.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs host programs (ip, swanctl, ping) to completion with a time limit. */
public final class HostCommands {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private HostCommands() {
    }

    public static CommandResult run(String... command) {
        return run(DEFAULT_TIMEOUT, Map.of(), List.of(command));
    }

    /**
     * Runs {@code command} with extra environment variables; kills it when {@code timeout} passes
     * (the result then has exit code -1).
     */
    public static CommandResult run(Duration timeout, Map<String, String> environment, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = readAsync(process.getInputStream());
            CompletableFuture<String> stderr = readAsync(process.getErrorStream());
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            return new CommandResult(List.copyOf(command), finished ? process.exitValue() : -1, stdout.join(),
                    stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** Whether an executable exists, for test assumptions. */
    public static boolean isInstalled(String path) {
        return java.nio.file.Files.isExecutable(java.nio.file.Path.of(path));
    }

    /** Whether this JVM runs as root (needed for namespaces and charon). */
    public static boolean runningAsRoot() {
        CommandResult id = run("id", "-u");
        return id.succeeded() && id.stdout().strip().equals("0");
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        // Own threads, not the common pool: on a 2-core machine it has one worker and two blocking
        // readers would wait on each other.
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.startVirtualThread(() -> {
            try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.complete("(output unreadable: " + e + ")");
            }
        });
        return result;
    }
}
