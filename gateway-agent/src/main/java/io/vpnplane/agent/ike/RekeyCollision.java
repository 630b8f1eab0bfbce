package io.vpnplane.agent.ike;

import java.util.Arrays;

/**
 * The decision between two crossed rekeys of the same SA (RFC 7296 §2.8.1 for CHILD_SAs, §2.8.2 for
 * IKE SAs). Each exchange created a new SA from two nonces; the SA whose lower nonce is the lowest of
 * all four is redundant, and the end that initiated it deletes it. Both ends see the same four nonces,
 * only with "ours" and "the peer's" swapped, so they reach the same verdict without talking.
 *
 * <p>Nonces compare as unsigned big-endian octet strings (a proper prefix is lower). On a tie of the
 * lower nonces the higher ones decide, which keeps the verdict antisymmetric; equal pairs would take
 * a broken random source.
 */
final class RekeyCollision {

    /** Which of the two new SAs lives on. */
    enum Survivor {
        /** The SA our own request created. */
        OURS,
        /** The SA the peer's request created (the one we answered). */
        PEERS
    }

    private RekeyCollision() {
    }

    /**
     * @param ourNonceI  the nonce of our request
     * @param ourNonceR  the peer's nonce in its answer to our request
     * @param peerNonceI the nonce of the peer's request
     * @param peerNonceR our nonce in our answer to the peer's request
     */
    static Survivor survivor(byte[] ourNonceI, byte[] ourNonceR, byte[] peerNonceI, byte[] peerNonceR) {
        int byLower = Arrays.compareUnsigned(lower(ourNonceI, ourNonceR), lower(peerNonceI, peerNonceR));
        int order = byLower != 0 ? byLower
                : Arrays.compareUnsigned(higher(ourNonceI, ourNonceR), higher(peerNonceI, peerNonceR));
        return order < 0 ? Survivor.PEERS : Survivor.OURS;
    }

    private static byte[] lower(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private static byte[] higher(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) <= 0 ? b : a;
    }
}
