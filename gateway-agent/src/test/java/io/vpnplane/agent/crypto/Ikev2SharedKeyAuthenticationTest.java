package io.vpnplane.agent.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

// REQ-TUN-003: both ends must use the same PSK; a different key must not verify.
class Ikev2SharedKeyAuthenticationTest {

    private static final byte[] PSK = "fddsFF123abc".getBytes(StandardCharsets.US_ASCII);

    /** RFC 7296 §2.15 written out with a raw JCE Mac, independent of {@link Prf}. */
    private static byte[] hmacSha256(byte[] key, byte[]... parts) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    @Test
    void authenticationDataFollowsRfc7296Section2_15() throws Exception {
        byte[] realMessage = "IKE_SA_INIT request bytes".getBytes(StandardCharsets.US_ASCII);
        byte[] responderNonce = new byte[32];
        responderNonce[3] = 9;
        byte[] skPi = new byte[32];
        skPi[0] = 1;
        byte[] idBody = {1, 0, 0, 0, 10, 9, 0, 1}; // ID_IPV4_ADDR 10.9.0.1

        byte[] octets = Ikev2SharedKeyAuthentication.signedOctets(PseudoRandomFunction.HMAC_SHA2_256, realMessage,
                responderNonce, skPi, idBody);
        assertThat(octets).isEqualTo(Octets.concat(realMessage, responderNonce, hmacSha256(skPi, idBody)));

        byte[] auth = Ikev2SharedKeyAuthentication.authenticationData(PseudoRandomFunction.HMAC_SHA2_256, PSK, octets);
        byte[] padKey = hmacSha256(PSK, "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII));
        assertThat(auth).isEqualTo(hmacSha256(padKey, octets));

        assertThat(Ikev2SharedKeyAuthentication.verify(PseudoRandomFunction.HMAC_SHA2_256, PSK, octets, auth)).isTrue();
        byte[] otherPsk = "fddsFF123abd".getBytes(StandardCharsets.US_ASCII);
        assertThat(Ikev2SharedKeyAuthentication.verify(PseudoRandomFunction.HMAC_SHA2_256, otherPsk, octets, auth))
                .isFalse();
        assertThat(Ikev2SharedKeyAuthentication.verify(PseudoRandomFunction.HMAC_SHA2_256, PSK, octets,
                java.util.Arrays.copyOf(auth, 16))).isFalse();
    }
}
