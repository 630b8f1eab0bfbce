package io.vpnplane.events.agentconfig;

/**
 * A secret sealed to one gateway node with HPKE (RFC 9180), base mode, single shot: only the node holding the private
 * X25519 key matching {@code recipientPublicKey} can open it.
 *
 * <p>To open: {@code HPKE(mode_base, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM)}, i.e. suite ids
 * {@code 0x0020 / 0x0001 / 0x0001}; {@code info} = the UTF-8 bytes of {@link #INFO}; {@code aad} = the UTF-8 bytes
 * of the tunnel id the configuration is for (a sealed key copied into another tunnel's record does not open).
 *
 * @param suite              {@link #SUITE}, the only suite of version 1
 * @param recipientPublicKey the node public key it was sealed to (standard base64), as announced in its heartbeat
 * @param enc                the HPKE encapsulated key (standard base64, 32 bytes)
 * @param ciphertext         the AEAD ciphertext with its tag (standard base64)
 */
public record SealedSecret(String suite, String recipientPublicKey, String enc, String ciphertext) {

    public static final String SUITE = "HPKE-base/DHKEM(X25519,HKDF-SHA256)/HKDF-SHA256/AES-128-GCM";
    public static final String INFO = "vpnplane/agent-config/pre-shared-key/v1";
}
