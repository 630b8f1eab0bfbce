package io.vpnplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TopicsTest {

    private static List<AsyncApiDocument.TopicConfig> topicsConf() throws IOException {
        return AsyncApiDocument.topicConfigs(RepositoryFiles.root().resolve("deploy/local/topics.conf"));
    }

    @Test
    void constantsNameExactlyTheTopicsTheDeploymentCreates() throws Exception {
        List<String> conf = topicsConf().stream().map(AsyncApiDocument.TopicConfig::name).toList();

        assertThat(Topics.all()).containsExactlyInAnyOrderElementsOf(conf);
    }

    @Test
    void compactedTopicsAreTheOnesDocumentedAsCompacted() throws Exception {
        List<String> compacted = topicsConf().stream().filter(t -> t.cleanupPolicy().equals("compact"))
                .map(AsyncApiDocument.TopicConfig::name).toList();

        assertThat(compacted).containsExactlyInAnyOrder(Topics.AGENT_CONFIG, Topics.AGENT_HEARTBEATS, Topics.ACTIVE_ROUTES);
    }

    /**
     * The gateway agent rebuilds its desired state by reading these topics from the beginning at every start
     * (io.vpnplane.agent.managed: the agent-config, BGP session and route followers). A record deleted by retention
     * would be a tunnel, BGP session or route the agent silently stops serving after a restart.
     */
    @Test
    void topicsTheAgentReplaysFromTheBeginningNeverDropStateByAge() throws Exception {
        List<AsyncApiDocument.TopicConfig> topics = topicsConf();
        for (String replayed : List.of(Topics.AGENT_CONFIG, Topics.BGP, Topics.ACTIVE_ROUTES)) {
            AsyncApiDocument.TopicConfig topic = topics.stream().filter(t -> t.name().equals(replayed)).findFirst().orElseThrow();
            assertThat(topic.cleanupPolicy().equals("compact") || topic.retentionMs().equals(Optional.of(-1L)))
                    .as("%s is compacted or keeps its records forever", replayed).isTrue();
        }
    }
}
