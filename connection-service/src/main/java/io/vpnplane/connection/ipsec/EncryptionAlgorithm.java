package io.vpnplane.connection.ipsec;

import io.vpnplane.connection.validation.Spelled;

/** Phase 1/2 cipher (REQ-TUN-004/005; default aes = AES-128-CBC; des and 3des accepted but not recommended). */
public enum EncryptionAlgorithm implements Spelled {
    AES("aes", true),
    AES192("aes192", true),
    AES256("aes256", true),
    DES("des", false),
    TRIPLE_DES("3des", false);

    private final String json;
    private final boolean recommended;

    EncryptionAlgorithm(String json, boolean recommended) {
        this.json = json;
        this.recommended = recommended;
    }

    @Override
    public String json() {
        return json;
    }

    public boolean recommended() {
        return recommended;
    }
}
