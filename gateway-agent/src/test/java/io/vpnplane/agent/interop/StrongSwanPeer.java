package io.vpnplane.agent.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A strongSwan charon daemon running in a {@link NetworkNamespace}, driven through swanctl.
 *
 * <p>Each peer has its own directory holding {@code strongswan.conf}, the vici socket, {@code charon.log}
 * and {@code swanctl.conf}, and its own mount namespace with a private {@code /run} (charon keeps its pid
 * file there, so two instances on one host would otherwise refuse to start). ESP is done in userspace by
 * the kernel-libipsec plugin, which creates a TUN device {@code ipsec0} in the namespace and routes the
 * remote traffic selectors through it (routing table 220).
 */
public final class StrongSwanPeer implements AutoCloseable {

    public static final String CHARON = "/usr/lib/ipsec/charon";
    public static final String SWANCTL = "/usr/sbin/swanctl";

    // kdf and hmac are needed by charon 5.9's IKEv2 key derivation ("KDF_PRF ... not supported" otherwise).
    private static final String PLUGINS = "random nonce openssl aes des sha1 sha2 md5 hmac kdf gmp xcbc gcm pem "
            + "pkcs1 x509 kernel-libipsec kernel-netlink socket-default vici updown";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final NetworkNamespace namespace;
    private final Path directory;
    private final Process charon;
    private final Map<String, String> environment;

    private StrongSwanPeer(NetworkNamespace namespace, Path directory, Process charon) {
        this.namespace = namespace;
        this.directory = directory;
        this.charon = charon;
        this.environment = Map.of("STRONGSWAN_CONF", directory.resolve("strongswan.conf").toString());
    }

    /** Whether charon and swanctl are installed (test assumption). */
    public static boolean isInstalled() {
        return HostCommands.isInstalled(CHARON) && HostCommands.isInstalled(SWANCTL);
    }

    /**
     * Starts charon in {@code namespace} with {@code directory} (created if missing) as its home, and waits
     * until its vici socket answers.
     */
    public static StrongSwanPeer start(NetworkNamespace namespace, Path directory) {
        return start(namespace, directory, true);
    }

    /**
     * As above; without {@code installRoutes} charon routes nothing into {@code ipsec0} (no table 220): the
     * namespace's own routes (static, or FRR's) decide what enters the tunnel, as on a router with route-based VPN.
     */
    public static StrongSwanPeer start(NetworkNamespace namespace, Path directory, boolean installRoutes) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("strongswan.conf"), strongswanConf(directory, installRoutes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process charon = namespace.start(List.of("unshare", "-m", "sh", "-c",
                        "mount -t tmpfs none /run && exec " + CHARON),
                Map.of("STRONGSWAN_CONF", directory.resolve("strongswan.conf").toString()),
                directory.resolve("charon.stdout"));
        StrongSwanPeer peer = new StrongSwanPeer(namespace, directory, charon);
        try {
            peer.awaitVici();
            return peer;
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
    }

    private static String strongswanConf(Path directory, boolean installRoutes) {
        String vici = "unix://" + directory.resolve("charon.vici");
        return """
                charon {
                  load = %s
                  install_routes = %s
                  # IKEv1 interop tests run aggressive mode with PSK, which charon refuses as responder otherwise.
                  i_dont_care_about_security_and_use_aggressive_mode_psk = yes
                  plugins {
                    vici {
                      socket = %s
                    }
                  }
                  filelog {
                    main {
                      path = %s
                      # tests read the log while charon runs (e.g. for "IKE_SA rekey collision won/lost")
                      flush_line = yes
                      time_format = %%H:%%M:%%S
                      default = 1
                      ike = 2
                      cfg = 2
                      net = 1
                    }
                  }
                }
                swanctl {
                  load = pem pkcs1 x509 openssl random
                  socket = %s
                }
                """.formatted(PLUGINS, installRoutes ? "yes" : "no", vici, directory.resolve("charon.log"), vici);
    }

    private void awaitVici() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!charon.isAlive()) {
                throw new IllegalStateException("charon exited with " + charon.exitValue() + " in " + namespace.name()
                        + "\n" + output());
            }
            if (Files.exists(directory.resolve("charon.vici")) && swanctl("--stats").succeeded()) {
                return;
            }
            sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException("charon did not open its vici socket within " + START_TIMEOUT + "\n" + output());
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    public Path directory() {
        return directory;
    }

    /** Writes {@code swanctl.conf} for the connections and loads it (replacing what was loaded before). */
    public void load(SwanctlConnection... connections) {
        // swanctl merges repeated "connections" and "secrets" sections
        load(String.join("", java.util.Arrays.stream(connections).map(SwanctlConnection::toSwanctlConf).toList()));
    }

    /** Writes {@code swanctlConf} as it is (e.g. a peer configuration downloaded from the API) and loads it. */
    public void load(String swanctlConf) {
        Path file = directory.resolve("swanctl.conf");
        try {
            Files.writeString(file, swanctlConf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        requireSuccess(swanctl("--load-all", "--clear", "--file", file.toString()));
    }

    /** Initiates the CHILD_SA (and its IKE SA if needed); waits up to {@code timeout} for the outcome. */
    public CommandResult initiate(String childName, Duration timeout) {
        return swanctl("--initiate", "--child", childName, "--timeout", Long.toString(timeout.toSeconds()));
    }

    /** Deletes the IKE SAs of a connection (with their CHILD_SAs), telling the peer. */
    public CommandResult terminateIke(String connectionName) {
        return swanctl("--terminate", "--ike", connectionName, "--timeout", "5");
    }

    /** Rekeys the IKE SAs of a connection. */
    public CommandResult rekeyIke(String connectionName) {
        return swanctl("--rekey", "--ike", connectionName);
    }

    /** Rekeys the CHILD_SAs with this name. */
    public CommandResult rekeyChild(String childName) {
        return swanctl("--rekey", "--child", childName);
    }

    /** The current SAs. */
    public List<StrongSwanSa.IkeSa> listSas() {
        CommandResult result = requireSuccess(swanctl("--list-sas", "--raw"));
        return StrongSwanSa.parseListSas(result.stdout());
    }

    /** The IKE SA of a connection that satisfies {@code condition}, waiting up to {@code timeout} for it. */
    public Optional<StrongSwanSa.IkeSa> awaitIkeSa(String connectionName, Predicate<StrongSwanSa.IkeSa> condition,
            Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        do {
            Optional<StrongSwanSa.IkeSa> match = listSas().stream()
                    .filter(sa -> sa.connection().equals(connectionName))
                    .filter(condition)
                    .findFirst();
            if (match.isPresent()) {
                return match;
            }
            sleep(Duration.ofMillis(100));
        } while (Instant.now().isBefore(deadline));
        return Optional.empty();
    }

    /**
     * Algorithms charon offers, by type as {@code swanctl --list-algs} names them ({@code encryption},
     * {@code integrity}, {@code aead}, {@code prf}, {@code dh}, ...) to the strongSwan names
     * ({@code AES_CBC}, {@code MODP_1024}, {@code CURVE_25519}, ...).
     */
    public Map<String, List<String>> listAlgorithms() {
        CommandResult result = requireSuccess(swanctl("--list-algs", "--raw"));
        ViciSection reply = ViciSection.parseMessages(result.stdout(), "get-algorithms reply").getFirst();
        Map<String, List<String>> algorithms = new LinkedHashMap<>();
        reply.sections().forEach((type, section) -> algorithms.put(type, new ArrayList<>(section.values().keySet())));
        return algorithms;
    }

    /** Runs swanctl against this peer's vici socket. */
    public CommandResult swanctl(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(SWANCTL);
        command.addAll(List.of(arguments));
        return HostCommands.run(HostCommands.DEFAULT_TIMEOUT, environment, command);
    }

    /** charon's log so far, for failure messages. */
    public String log() {
        return read(directory.resolve("charon.log"));
    }

    private String output() {
        return read(directory.resolve("charon.stdout")) + read(directory.resolve("charon.log"));
    }

    private CommandResult requireSuccess(CommandResult result) {
        if (!result.succeeded()) {
            throw new IllegalStateException(result.describe() + "\ncharon log:\n" + log());
        }
        return result;
    }

    /** Stops charon (SIGTERM, then SIGKILL after 5 s). The directory stays for post-mortems. */
    @Override
    public void close() {
        charon.destroy();
        try {
            if (!charon.waitFor(5, TimeUnit.SECONDS)) {
                charon.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            charon.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable " + file + ": " + e + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
