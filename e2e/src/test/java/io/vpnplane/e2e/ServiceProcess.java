package io.vpnplane.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vpnplane.agent.interop.NetworkNamespace;

/**
 * One of the suite's runnable jars ({@code MODULE/target/quarkus-app/quarkus-run.jar}) started as its own JVM, as
 * {@code ./vpnplane up} does, optionally inside a network namespace; its output goes to
 * {@code e2e/target/e2e-logs/NAME.log}. {@link #kill} is SIGKILL: nothing is flushed or said goodbye.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Path ROOT = locateRoot();

    private final String name;
    private final int port;
    private final Process process;

    private ServiceProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    static boolean built(String module) {
        return Files.isRegularFile(jar(module));
    }

    static Path root() {
        return ROOT;
    }

    /**
     * @param properties {@code -D} options (besides the HTTP port)
     * @param namespace  where to run it; empty: the host's network
     */
    static ServiceProcess start(String name, String module, int port, Map<String, String> environment,
                                Map<String, String> properties, java.util.Optional<NetworkNamespace> namespace) {
        List<String> command = new ArrayList<>();
        namespace.ifPresent(ns -> command.addAll(List.of("ip", "netns", "exec", ns.name())));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms32m", "-Xmx256m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dquarkus.http.port=" + port));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar(module).toString()));
        Path log = ROOT.resolve("e2e/target/e2e-logs").resolve(name + ".log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            return new ServiceProcess(name, port, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits for {@code /q/health/ready} to answer 200 (host-network services only). */
    ServiceProcess awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + logFile());
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl() + "/q/health/ready").toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                if (connection.getResponseCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + logFile());
    }

    Path logFile() {
        return ROOT.resolve("e2e/target/e2e-logs").resolve(name + ".log");
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL to the JVM (and, inside a namespace, to the {@code ip netns exec} wrapper's child). */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static Path jar(String module) {
        return ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static Path locateRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("vpnplane"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the vpnplane checkout above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
