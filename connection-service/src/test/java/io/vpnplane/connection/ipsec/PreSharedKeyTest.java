package io.vpnplane.connection.ipsec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PreSharedKeyTest {

    @Test
    void acceptsLettersDigitsAndTheSeedsPunctuation() {
        // REQ-TUN-002
        assertThat(PreSharedKey.parse("fddsFF123abc")).isPresent();
        assertThat(PreSharedKey.parse("~`!@#$%^&*()_-+={}[]\\|;:',.<>/?")).isPresent();
        assertThat(PreSharedKey.parse("a")).isPresent();
        assertThat(PreSharedKey.parse("x".repeat(100))).isPresent();
    }

    @Test
    void refusesSpacesEmptyTooLongAndOtherCharacters() {
        // REQ-TUN-002: 1-100 characters, no spaces
        assertThat(PreSharedKey.parse("")).isEmpty();
        assertThat(PreSharedKey.parse("x".repeat(101))).isEmpty();
        assertThat(PreSharedKey.parse("with space")).isEmpty();
        assertThat(PreSharedKey.parse("tab\there")).isEmpty();
        assertThat(PreSharedKey.parse("quote\"d")).isEmpty();
        assertThat(PreSharedKey.parse("日本語")).isEmpty();
    }

    @Test
    void generatedKeysHave16AllowedCharactersAndDiffer() {
        // REQ-TUN-002: omitted key -> random 16 characters
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String key = PreSharedKey.generate().reveal();
            assertThat(key).hasSize(16);
            assertThat(PreSharedKey.parse(key)).isPresent();
            seen.add(key);
        }
        assertThat(seen).hasSize(200);
    }

    @Test
    void neverPrintsTheKey() {
        // REQ-TUN-002: the key is a secret, never logged
        assertThat(PreSharedKey.parse("TopSecret42").orElseThrow().toString()).doesNotContain("TopSecret42");
    }
}
