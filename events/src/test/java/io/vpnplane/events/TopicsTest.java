package io.vpnplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void constantsNameExactlyTheTopicsTheDeploymentCreates() throws Exception {
        List<String> conf = Files.readAllLines(RepositoryFiles.root().resolve("deploy/local/topics.conf")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+")[0])
                .toList();

        assertThat(Topics.all()).containsExactlyInAnyOrderElementsOf(conf);
    }

    @Test
    void compactedTopicsAreTheOnesDocumentedAsCompacted() throws Exception {
        List<String> compacted = Files.readAllLines(RepositoryFiles.root().resolve("deploy/local/topics.conf")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+"))
                .filter(f -> f[2].equals("compact"))
                .map(f -> f[0])
                .toList();

        assertThat(compacted).containsExactlyInAnyOrder(Topics.AGENT_CONFIG, Topics.AGENT_HEARTBEATS);
    }
}
