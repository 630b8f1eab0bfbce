package io.vpnplane.agent.ike;

import java.nio.charset.StandardCharsets;

/** The tunnel's PSK (REQ-TUN-002). A secret: toString never shows it. */
public record PreSharedKey(String secret) {

    public PreSharedKey {
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("empty pre-shared key");
        }
    }

    public byte[] bytes() {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PreSharedKey[redacted]";
    }
}
