package io.vpnplane.api;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ETagsTest {

    @Test
    void etagIsTheQuotedVersion() {
        assertThat(ETags.of(7)).isEqualTo("\"7\"");
        assertThat(ETags.entityTag(7).getValue()).isEqualTo("7");
        assertThat(ETags.entityTag(7).isWeak()).isFalse();
    }

    @Test
    void ifMatchParsesBackToTheVersion() {
        assertThat(ETags.expectedVersion(ETags.of(42))).isEqualTo(OptionalLong.of(42));
        assertThat(ETags.expectedVersion(" \"0\" ")).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void absentOrStarExpectsNothing() {
        assertThat(ETags.expectedVersion(null)).isEmpty();
        assertThat(ETags.expectedVersion("")).isEmpty();
        assertThat(ETags.expectedVersion("*")).isEmpty();
    }

    @Test
    void anythingElseIsA400() {
        for (String bad : new String[] {"7", "W/\"7\"", "\"7\", \"8\"", "\"-1\"", "\"07\"", "\"abc\"", "\"99999999999999999999\"",
                "\"9999999999999999999\""}) {
            assertThatThrownBy(() -> ETags.expectedVersion(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(400);
                        assertThat(e.problem().code()).isEqualTo("InvalidParameter.IfMatch");
                        assertThat(e.problem().field()).isEqualTo("If-Match");
                    });
        }
    }

    @Test
    void requireMatchFailsOnlyOnAnotherVersion() {
        ETags.requireMatch(null, 3);
        ETags.requireMatch("*", 3);
        ETags.requireMatch("\"3\"", 3);
        assertThatThrownBy(() -> ETags.requireMatch("\"2\"", 3))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(412);
                    assertThat(e.problem().code()).isEqualTo("PreconditionFailed.Version");
                });
    }
}
