package io.vpnplane.agent.bgp.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * When the first UPDATE from one BGP speaker to another crossed the wire: tcpdump in the sender's namespace, stopped by
 * its first packet whose TCP payload starts with a BGP message of type 2. Separates the sender's own delay before it
 * sends a table (FRR: coalesce timer, then its table walk) from the receiver's time to take the table in.
 */
final class FirstUpdateCapture implements AutoCloseable {

    private final Process tcpdump;
    private final Path output;
    private final Path log;

    private FirstUpdateCapture(Process tcpdump, Path output, Path log) {
        this.tcpdump = tcpdump;
        this.output = output;
        this.log = log;
    }

    /** Starts capturing in {@code namespace} for UPDATEs from {@code from} to {@code to}; returns once tcpdump listens. */
    static FirstUpdateCapture start(String namespace, String from, String to) throws IOException, InterruptedException {
        Path output = Files.createTempFile("first-update", ".txt");
        Path log = Files.createTempFile("first-update", ".log");
        Process tcpdump = new ProcessBuilder("ip", "netns", "exec", namespace, "tcpdump", "-i", "any", "-nn", "-tt", "-l",
                "--immediate-mode", "-c", "1", "-s", "96",
                "src host " + from + " and dst host " + to + " and tcp[((tcp[12] & 0xf0) >> 2) + 18] = 2")
                .redirectOutput(output.toFile()).redirectError(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.readString(log).contains("listening on")) {
            if (!tcpdump.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("tcpdump did not start: " + Files.readString(log));
            }
            Thread.sleep(10);
        }
        return new FirstUpdateCapture(tcpdump, output, log);
    }

    /** The capture time of the first UPDATE (the kernel's packet time stamp), once it was seen. */
    Instant firstUpdate() throws IOException, InterruptedException {
        if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no UPDATE captured");
        }
        String line = Files.readString(output, StandardCharsets.UTF_8).strip();
        String[] seconds = line.substring(0, line.indexOf(' ')).split("\\.");
        return Instant.ofEpochSecond(Long.parseLong(seconds[0]), Long.parseLong(seconds[1]) * 1_000);
    }

    @Override
    public void close() throws IOException {
        tcpdump.destroy();
        Files.deleteIfExists(output);
        Files.deleteIfExists(log);
    }
}
