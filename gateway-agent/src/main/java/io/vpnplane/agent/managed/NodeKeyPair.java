package io.vpnplane.agent.managed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

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

    /** The raw private key, for opening sealed secrets. */
    byte[] privateKeyBytes() {
        return privateKey.getEncoded();
    }

    @Override
    public String toString() {
        return "NodeKeyPair[public=" + publicKeyBase64() + "]";
    }
}
