package io.vpnplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * DEV AND TEST ONLY: mints bearer tokens signed with the committed dev key pair in
 * {@code deploy/local/dev-jwt/} (the same tokens as {@code ./vpnplane token ACCOUNT}). The key is
 * read from the repository checkout, never packaged, so a service jar cannot sign anything; in
 * production the tokens come from the real issuer and the services trust only its key.
 *
 * <p>Tests: {@code given().auth().oauth2(DevTokens.forAccount("acct-1"))}.
 */
public final class DevTokens {

    public static final String ISSUER = "https://vpnplane.local/dev";
    public static final Duration VALIDITY = Duration.ofHours(24);

    private static final String KEY_PATH = "deploy/local/dev-jwt/private-key.pem";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DevTokens() {
    }

    /** A token for the account, valid 24 hours from now. */
    public static String forAccount(String account) {
        return forAccount(account, Instant.now(), VALIDITY);
    }

    /** A token for the account with a chosen lifetime, e.g. one that has already expired. */
    public static String forAccount(String account, Instant issuedAt, Duration validity) {
        return sign(claims(account, issuedAt, issuedAt.plus(validity)), devPrivateKey());
    }

    /** The claims of a dev token: {@code sub} and {@code account} = the account, groups ["user"]. */
    public static Map<String, Object> claims(String account, Instant issuedAt, Instant expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", account);
        claims.put(CurrentAccount.ACCOUNT_CLAIM, account);
        claims.put("upn", account);
        claims.put("groups", List.of("user"));
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    /** An RS256 JWS over any claims, with any key (tests use a foreign key to prove rejection). */
    public static String sign(Map<String, Object> claims, PrivateKey key) {
        try {
            String header = base64Url(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", "vpnplane-dev")));
            String payload = base64Url(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + base64Url(rsa.sign());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("claims are not serializable as JSON", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with RS256", e);
        }
    }

    /** The committed dev private key, found from {@code -Dvpnplane.root} or by walking up from the working directory. */
    public static PrivateKey devPrivateKey() {
        Path pem = locateDevKey();
        try {
            String base64 = Files.readString(pem)
                    .replace("-----BEGIN PRIVATE KEY-----", "")
                    .replace("-----END PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(pem + " is not a PKCS#8 RSA private key", e);
        }
    }

    private static Path locateDevKey() {
        String root = System.getProperty("vpnplane.root");
        if (root != null && Files.isRegularFile(Path.of(root, KEY_PATH))) {
            return Path.of(root, KEY_PATH);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(KEY_PATH))) {
                return dir.resolve(KEY_PATH);
            }
        }
        throw new IllegalStateException("dev tokens need the repository checkout: " + KEY_PATH
                + " not found (set -Dvpnplane.root=<repository root>)");
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
