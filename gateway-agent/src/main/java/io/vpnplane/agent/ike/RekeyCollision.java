package io.vpnplane.agent.ike;

import java.util.Arrays;

/**
 * Which of two crossed rekeys of the same SA is redundant (RFC 7296 §2.8.1 for CHILD_SAs, §2.8.2 for IKE SAs): each
 * exchange produced a new SA from two nonces; the one whose new SA holds the lowest of the four nonces (compared as
 * unsigned octet strings) is redundant and is deleted by the side that initiated it. Both peers compute the same answer
 * from the same four nonces, so exactly one new SA survives.
 */
final class RekeyCollision {

    private RekeyCollision() {
    }

    /** Whether our exchange's SA (nonces {@code ourNi}, {@code ourNr}) is the redundant one. */
    static boolean oursRedundant(byte[] ourNi, byte[] ourNr, byte[] theirNi, byte[] theirNr) {
        byte[] ours = Arrays.compareUnsigned(ourNi, ourNr) <= 0 ? ourNi : ourNr;
        byte[] theirs = Arrays.compareUnsigned(theirNi, theirNr) <= 0 ? theirNi : theirNr;
        return Arrays.compareUnsigned(ours, theirs) < 0;
    }
}
