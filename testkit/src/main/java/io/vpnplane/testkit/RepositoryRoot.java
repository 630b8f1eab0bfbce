package io.vpnplane.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the checkout's root, where deploy/local holds the scripts the tests share with the local stack. */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    static Path locate() {
        String configured = System.getProperty("vpnplane.root");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured, "deploy", "local"))) {
            return Path.of(configured).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("deploy/local/kafka-broker.sh"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the vpnplane checkout (deploy/local/kafka-broker.sh) above "
                + Path.of("").toAbsolutePath() + "; set -Dvpnplane.root");
    }
}
