package io.vpnplane.agent.managed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

import io.vpnplane.events.agentconfig.SealedSecret;

/**
 * The node's X25519 key pair: tunnel-service seals each tunnel's pre-shared key to the public half (announced in
 * every heartbeat), only this node can open it. Persisted in the state directory so a restarted agent can still open
 * the sealed secrets already on the compacted topic.
 */
public final class NodeKeyPair {

    static final String FILE_NAME = "node-x25519.key";

    private final X25519PrivateKeyParameters privateKey;

    private NodeKeyPair(X25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
    }

    /** Loads the key from {@code stateDir}, or creates one there (owner-readable only) on first start. */
    public static NodeKeyPair loadOrCreate(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            byte[] raw = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (raw.length != X25519PrivateKeyParameters.KEY_SIZE) {
                throw new IOException(file + " does not hold a 32-byte X25519 private key");
            }
            return new NodeKeyPair(new X25519PrivateKeyParameters(raw, 0));
        }
        Files.createDirectories(stateDir);
        X25519PrivateKeyParameters created = new X25519PrivateKeyParameters(new SecureRandom());
        Path temporary = Files.createTempFile(stateDir, FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, Base64.getEncoder().encodeToString(created.getEncoded()), StandardCharsets.US_ASCII,
                StandardOpenOption.TRUNCATE_EXISTING);
        // atomic so a crash never leaves a half-written key that would lock the node out of its sealed secrets
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new NodeKeyPair(created);
    }

    /** The public key as announced in heartbeats: standard base64 of 32 bytes. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(privateKey.generatePublicKey().getEncoded());
    }

    /**
     * Opens a secret tunnel-service sealed to this node for {@code tunnelId} (suite and info from {@link SealedSecret},
     * the tunnel id as associated data).
     *
     * @throws IllegalArgumentException when it was sealed to another node, for another tunnel, or was tampered with
     */
    public byte[] open(SealedSecret sealed, String tunnelId) {
        if (!SealedSecret.SUITE.equals(sealed.suite())) {
            throw new IllegalArgumentException("unknown sealing suite " + sealed.suite());
        }
        Base64.Decoder b64 = Base64.getDecoder();
        return openRaw(b64.decode(sealed.enc()), SealedSecret.INFO.getBytes(StandardCharsets.UTF_8),
                tunnelId.getBytes(StandardCharsets.UTF_8), b64.decode(sealed.ciphertext()));
    }

    /** The HPKE single-shot open with every input explicit, so the RFC 9180 test vector can drive it. */
    byte[] openRaw(byte[] enc, byte[] info, byte[] aad, byte[] ciphertext) {
        HPKE hpke = new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
        try {
            return hpke.open(enc, hpke.deserializePrivateKey(privateKey.getEncoded(), privateKey.generatePublicKey().getEncoded()),
                    info, aad, ciphertext, null, null, null);
        } catch (InvalidCipherTextException | IllegalStateException e) {
            // IllegalStateException: a low-order encapsulated key (e.g. all zeros) makes the X25519 agreement fail
            throw new IllegalArgumentException("the sealed secret does not open with this node's key", e);
        }
    }

    /** A key pair from a raw private key (tests drive the RFC 9180 vector through it). */
    static NodeKeyPair of(byte[] privateKey) {
        return new NodeKeyPair(new X25519PrivateKeyParameters(privateKey, 0));
    }

    /** The raw private key, for opening sealed secrets. */
    byte[] privateKeyBytes() {
        return privateKey.getEncoded();
    }

    @Override
    public String toString() {
        return "NodeKeyPair[public=" + publicKeyBase64() + "]";
    }
}
