import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * DEV ONLY. Prints a bearer token for an account, signed RS256 with the committed dev key
 * (deploy/local/dev-jwt/private-key.pem), valid 24 hours. JDK only, run with the source launcher:
 *
 *   java deploy/local/DevToken.java ACCOUNT        (what ./vpnplane token ACCOUNT does)
 *
 * The claims are those of io.vpnplane.api.DevTokens, which the tests use.
 */
public class DevToken {

    static final String ISSUER = "https://vpnplane.local/dev";
    static final long VALIDITY_SECONDS = 24 * 3600;

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || args[0].isBlank()) {
            System.err.println("usage: java deploy/local/DevToken.java ACCOUNT");
            System.exit(2);
        }
        String account = args[0];
        // Run from the repository root (./vpnplane does); -Dvpnplane.devkey=FILE names another key.
        Path pem = Path.of(System.getProperty("vpnplane.devkey", "deploy/local/dev-jwt/private-key.pem"));
        String base64 = Files.readString(pem)
                .replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));

        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"vpnplane-dev\"}";
        String claims = "{\"iss\":" + json(ISSUER)
                + ",\"sub\":" + json(account)
                + ",\"account\":" + json(account)
                + ",\"upn\":" + json(account)
                + ",\"groups\":[\"user\"]"
                + ",\"iat\":" + now
                + ",\"exp\":" + (now + VALIDITY_SECONDS)
                + ",\"jti\":" + json(UUID.randomUUID().toString()) + "}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + base64Url(rsa.sign()));
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
