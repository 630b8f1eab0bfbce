package io.vpnplane.agent.crypto;

/**
 * IKEv2 pre-shared-key authentication (RFC 7296 §2.15), AUTH method 2 ("Shared Key Message Integrity
 * Code"). Stateless and thread-safe.
 */
public final class Ikev2SharedKeyAuthentication {

    private static final byte[] KEY_PAD = "Key Pad for IKEv2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Ikev2SharedKeyAuthentication() {
    }

    /**
     * The octets a party signs: {@code RealMessage | NonceData | prf(SK_px, IDx')}. For the initiator:
     * its IKE_SA_INIT request, the RESPONDER's nonce, SK_pi and its own ID payload body; for the
     * responder: its IKE_SA_INIT response, the INITIATOR's nonce, SK_pr and its own ID payload body.
     *
     * @param realMessage the complete IKE_SA_INIT message this party sent (header included)
     * @param peerNonce the other party's nonce data (no payload header)
     * @param skP SK_pi (initiator) or SK_pr (responder)
     * @param idPayloadBody IDx': ID type, three reserved bytes and identification data (no generic payload header)
     */
    public static byte[] signedOctets(PseudoRandomFunction prf, byte[] realMessage, byte[] peerNonce, byte[] skP,
            byte[] idPayloadBody) {
        byte[] macedId = prf.newPrf().compute(skP, idPayloadBody);
        return Octets.concat(realMessage, peerNonce, macedId);
    }

    /** AUTH = prf(prf(Shared Secret, "Key Pad for IKEv2"), signedOctets). */
    public static byte[] authenticationData(PseudoRandomFunction prf, byte[] sharedSecret, byte[] signedOctets) {
        Prf instance = prf.newPrf();
        return instance.compute(instance.compute(sharedSecret, KEY_PAD), signedOctets);
    }

    /** Checks a received AUTH value in constant time. */
    public static boolean verify(PseudoRandomFunction prf, byte[] sharedSecret, byte[] signedOctets,
            byte[] receivedAuthenticationData) {
        byte[] expected = authenticationData(prf, sharedSecret, signedOctets);
        return expected.length == receivedAuthenticationData.length
                && Octets.constantTimeEquals(expected, 0, receivedAuthenticationData, 0, expected.length);
    }
}
