package io.vpnplane.connection.peerconfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real strongSwan charon for tests: its own strongswan.conf and vici socket in a temp folder, a private mount
 * namespace (its own /run for the pid file) and a private network namespace (no clash with other charons or the
 * host's UDP 500/4500). Needs root and the strongSwan packages; {@link #available()} says whether both are here.
 */
public final class StrongSwanDaemon implements AutoCloseable {

    private static final Path CHARON = Path.of("/usr/lib/ipsec/charon");
    private static final Path SWANCTL = Path.of("/usr/sbin/swanctl");

    private final Path dir;
    private final Process charon;

    public record Result(int exitCode, String output) {
    }

    private StrongSwanDaemon(Path dir, Process charon) {
        this.dir = dir;
        this.charon = charon;
    }

    public static boolean available() {
        return Files.isExecutable(CHARON) && Files.isExecutable(SWANCTL) && "root".equals(System.getProperty("user.name"));
    }

    public static StrongSwanDaemon start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("vpnplane-charon");
        Files.writeString(dir.resolve("strongswan.conf"), """
                charon {
                  port = 0
                  port_nat_t = 0
                  load = random nonce openssl aes des sha1 sha2 md5 hmac kdf gmp xcbc gcm pem pkcs1 x509 kernel-netlink socket-default vici updown
                  plugins { vici { socket = unix://%1$s/charon.vici } }
                  filelog { main { path = %1$s/charon.log
                     default = 1 } }
                }
                swanctl {
                  socket = unix://%1$s/charon.vici
                  load = random openssl pem pkcs1 x509 revocation constraints pubkey
                }
                """.formatted(dir));
        ProcessBuilder builder = new ProcessBuilder("unshare", "-m", "-n", "sh", "-c",
                "mount -t tmpfs none /run && exec " + CHARON);
        builder.environment().put("STRONGSWAN_CONF", dir.resolve("strongswan.conf").toString());
        builder.redirectErrorStream(true).redirectOutput(dir.resolve("charon.out").toFile());
        Process charon = builder.start();
        StrongSwanDaemon daemon = new StrongSwanDaemon(dir, charon);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!Files.exists(dir.resolve("charon.vici"))) {
            if (!charon.isAlive() || Instant.now().isAfter(deadline)) {
                String log = Files.exists(dir.resolve("charon.out")) ? Files.readString(dir.resolve("charon.out")) : "";
                daemon.close();
                throw new IllegalStateException("charon did not open its vici socket: " + log);
            }
            Thread.sleep(50);
        }
        return daemon;
    }

    /** {@code swanctl --load-all --file FILE}: its exit code and output. */
    public Result loadAll(String swanctlConf) throws IOException, InterruptedException {
        Path file = dir.resolve("swanctl-" + System.nanoTime() + ".conf");
        Files.writeString(file, swanctlConf);
        return swanctl("--load-all", "--noprompt", "--file", file.toString());
    }

    public Result swanctl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(SWANCTL.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("STRONGSWAN_CONF", dir.resolve("strongswan.conf").toString());
        Process swanctl = builder.start();
        String output = new String(swanctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!swanctl.waitFor(30, TimeUnit.SECONDS)) {
            swanctl.destroyForcibly();
            throw new IllegalStateException("swanctl hung: " + output);
        }
        return new Result(swanctl.exitValue(), output);
    }

    @Override
    public void close() throws IOException {
        charon.destroy();
        try {
            if (!charon.waitFor(10, TimeUnit.SECONDS)) {
                charon.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            charon.destroyForcibly();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
