package io.vpnplane.events;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the checkout (docs/events, deploy/local) from a test. */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    static Path root() {
        String configured = System.getProperty("vpnplane.root");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured, "deploy", "local"))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/local/topics.conf"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the checkout root; set -Dvpnplane.root");
    }
}
