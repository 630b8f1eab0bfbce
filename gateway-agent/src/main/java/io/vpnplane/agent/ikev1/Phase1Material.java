package io.vpnplane.agent.ikev1;

import io.vpnplane.agent.crypto.InvalidKeyExchangeValueException;
import io.vpnplane.agent.crypto.KeyExchange;
import io.vpnplane.agent.ike.Identity;
import io.vpnplane.agent.ikev1.Ikev1Attributes.Phase1Suite;
import io.vpnplane.agent.ikev1.message.HashPayload;
import io.vpnplane.agent.ikev1.message.IdentificationPayload;
import io.vpnplane.agent.ikev1.message.IsakmpMessage;
import io.vpnplane.agent.ikev1.message.NatDiscoveryPayload;
import io.vpnplane.agent.ikev1.message.NotificationPayload;
import io.vpnplane.agent.ikev1.message.Payload;
import io.vpnplane.agent.ikev1.message.Proposal;
import io.vpnplane.agent.ikev1.message.SecurityAssociationPayload;
import io.vpnplane.agent.ikev1.message.Transform;
import io.vpnplane.agent.ikev1.message.VendorIdPayload;
import io.vpnplane.agent.ikev1.message.VendorIds;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What main and aggressive mode share: the SA offer and choice, the DH values and nonces, NAT-D, the
 * identity payloads and the key derivation once both halves of the exchange are known.
 */
final class Phase1Material {

    static final int NONCE_LENGTH = 32;

    final IsakmpSa sa;
    /** SAi_b: the body of the initiator's SA payload, as the initiator sent it. */
    byte[] initiatorSaBody;
    KeyExchange keyExchange;
    byte[] publicI;
    byte[] publicR;
    byte[] nonceI;
    byte[] nonceR;

    Phase1Material(IsakmpSa sa) {
        this.sa = sa;
    }

    /**
     * Our offer: one transform per configured DH group, all with the configured cipher and hash. Aggressive
     * mode sends its KE with the offer, so it offers only the first group.
     */
    SecurityAssociationPayload offer(boolean firstGroupOnly) {
        var ike = sa.tunnel.config.ike();
        List<Transform> transforms = new ArrayList<>();
        for (int i = 0; i < (firstGroupOnly ? 1 : ike.dhGroups().size()); i++) {
            transforms.add(Ikev1Attributes.phase1Transform(i + 1, new Phase1Suite(ike.encryption(), ike.prf(),
                    ike.dhGroups().get(i), ike.lifetime())));
        }
        return SecurityAssociationPayload.ipsec(List.of(new Proposal(1, Proposal.PROTO_ISAKMP, new byte[0], transforms)));
    }

    /** Responder: the first of the peer's transforms we accept, echoed in a one-transform proposal. */
    Optional<SecurityAssociationPayload> choose(SecurityAssociationPayload offered) {
        var ike = sa.tunnel.config.ike();
        for (Proposal proposal : offered.proposals()) {
            if (proposal.protocolId() != Proposal.PROTO_ISAKMP) {
                continue;
            }
            for (Transform transform : proposal.transforms()) {
                Optional<Phase1Suite> suite = Ikev1Attributes.phase1Suite(transform);
                if (suite.isPresent() && suite.get().encryption() == ike.encryption()
                        && suite.get().hash() == ike.prf() && ike.dhGroups().contains(suite.get().group())) {
                    Phase1Suite chosen = suite.get();
                    sa.suite = new Phase1Suite(chosen.encryption(), chosen.hash(), chosen.group(),
                            min(chosen.lifetime(), ike.lifetime()));
                    return Optional.of(SecurityAssociationPayload.ipsec(List.of(new Proposal(proposal.number(),
                            Proposal.PROTO_ISAKMP, proposal.spi(), List.of(transform)))));
                }
            }
        }
        return Optional.empty();
    }

    /** Initiator: the responder's choice must be one of the transforms we offered. */
    boolean accept(SecurityAssociationPayload chosen) {
        var ike = sa.tunnel.config.ike();
        if (chosen.proposals().size() != 1 || chosen.proposals().getFirst().transforms().size() != 1) {
            return false;
        }
        Optional<Phase1Suite> suite = Ikev1Attributes.phase1Suite(chosen.proposals().getFirst().transforms().getFirst());
        if (suite.isEmpty() || suite.get().encryption() != ike.encryption() || suite.get().hash() != ike.prf()
                || !ike.dhGroups().contains(suite.get().group())) {
            return false;
        }
        sa.suite = new Phase1Suite(suite.get().encryption(), suite.get().hash(), suite.get().group(),
                min(suite.get().lifetime(), ike.lifetime()));
        return true;
    }

    private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    byte[] newNonce() {
        byte[] nonce = new byte[NONCE_LENGTH];
        sa.engine.random().nextBytes(nonce);
        return nonce;
    }

    /** Our DH public value in the negotiated group (aggressive mode: the first configured group). */
    byte[] ourPublicValue() {
        if (keyExchange == null) {
            keyExchange = (sa.suite != null ? sa.suite.group() : sa.tunnel.config.ike().dhGroups().getFirst())
                    .newKeyExchange(sa.engine.random());
        }
        return keyExchange.publicValue();
    }

    static List<Payload> vendorIds() {
        return List.of(new VendorIdPayload(VendorIds.NAT_T_RFC3947), new VendorIdPayload(VendorIds.DPD));
    }

    /**
     * Our NAT-D payloads (RFC 3947 §3.2): the peer's address first, then ours. With forced encapsulation
     * ours is random so that both ends see a NAT and use UDP 4500, as the agent's data plane needs.
     */
    List<Payload> natDiscovery() {
        byte[] remote = Ikev1KeySchedule.natDiscovery(sa.suite.hash(), sa.cookieI, sa.cookieR, sa.remote);
        byte[] local = Ikev1KeySchedule.natDiscovery(sa.suite.hash(), sa.cookieI, sa.cookieR, sa.local);
        if (sa.tunnel.config.forceEncapsulation()) {
            sa.engine.random().nextBytes(local);
        }
        return List.of(new NatDiscoveryPayload(remote), new NatDiscoveryPayload(local));
    }

    /** Whether the peer's NAT-D payloads reveal a NAT (or a peer that forces encapsulation). */
    void detectNat(IsakmpMessage message) {
        List<NatDiscoveryPayload> received = message.all(NatDiscoveryPayload.class);
        if (!sa.natTraversal || received.size() < 2) {
            return;
        }
        byte[] expectedOurs = Ikev1KeySchedule.natDiscovery(sa.suite.hash(), sa.cookieI, sa.cookieR, sa.local);
        byte[] expectedTheirs = Ikev1KeySchedule.natDiscovery(sa.suite.hash(), sa.cookieI, sa.cookieR, sa.remote);
        boolean usBehindNat = !Arrays.equals(received.getFirst().data(), expectedOurs);
        boolean peerBehindNat = received.stream().skip(1).noneMatch(n -> Arrays.equals(n.data(), expectedTheirs));
        sa.natDetected = usBehindNat || peerBehindNat || sa.tunnel.config.forceEncapsulation();
    }

    void noteVendorIds(IsakmpMessage message) {
        sa.natTraversal = sa.tunnel.config.natTraversal() && VendorIds.announces(message.payloads(), VendorIds.NAT_T_RFC3947);
        sa.peerDpd = VendorIds.announces(message.payloads(), VendorIds.DPD);
    }

    /**
     * INITIAL-CONTACT (RFC 2407 §4.6.3.3) when we hold no IPsec SA with the peer, so it can drop stale
     * state; never on reauthentication, where the peer must keep the IPsec SAs.
     */
    Optional<NotificationPayload> initialContact() {
        return sa.tunnel.children().isEmpty()
                ? Optional.of(NotificationPayload.of(Proposal.PROTO_ISAKMP, sa.cookieBytes(),
                        NotificationPayload.INITIAL_CONTACT, new byte[0]))
                : Optional.empty();
    }

    /** Our phase-1 identity (protocol and port 0, as strongSwan sends them). */
    IdentificationPayload ourIdentity() {
        Identity id = sa.tunnel.config.ike().localId();
        return IdentificationPayload.of(id.idType(), id.encoded());
    }

    boolean isExpectedPeer(IdentificationPayload id) {
        Identity expected = sa.tunnel.config.ike().remoteId();
        return id.idType() == expected.idType() && Arrays.equals(id.data(), expected.encoded());
    }

    static String describe(IdentificationPayload id) {
        byte[] data = id.data();
        return id.idType() == IdentificationPayload.ID_IPV4_ADDR && data.length == 4
                ? (data[0] & 0xff) + "." + (data[1] & 0xff) + "." + (data[2] & 0xff) + "." + (data[3] & 0xff)
                : new String(data, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Derives the ISAKMP SA's keys; false if the peer's public value is unusable. */
    boolean deriveKeys(byte[] peerPublic) {
        byte[] shared;
        try {
            shared = keyExchange.sharedSecret(peerPublic);
        } catch (InvalidKeyExchangeValueException e) {
            return false;
        }
        byte[] ours = keyExchange.publicValue();
        publicI = sa.initiator ? ours : peerPublic;
        publicR = sa.initiator ? peerPublic : ours;
        sa.installKeys(Ikev1KeySchedule.derive(sa.suite.hash(), sa.suite.encryption(), sa.tunnel.config.psk().bytes(),
                nonceI, nonceR, shared, sa.cookieI, sa.cookieR), publicI, publicR);
        return true;
    }

    /**
     * Checks the peer's identity and HASH_I/HASH_R (carried in {@code message}); on failure the SA fails
     * with the reason the admin API shows (REQ-TUN-003).
     */
    boolean authenticatePeer(IdentificationPayload id, byte[] idBody, IsakmpMessage message, boolean peerIsInitiator) {
        Optional<HashPayload> hash = message.first(HashPayload.class);
        byte[] expected = peerIsInitiator ? hashI(idBody) : hashR(idBody);
        if (hash.isEmpty() || !MessageDigest.isEqual(expected, hash.get().data())) {
            sa.fail("phase 1 negotiation failed: AUTHENTICATION_FAILED (the peer's "
                    + (peerIsInitiator ? "HASH_I" : "HASH_R") + " does not match our pre-shared key)");
            return false;
        }
        if (!isExpectedPeer(id)) {
            sa.fail("phase 1 negotiation failed: AUTHENTICATION_FAILED (peer identity " + describe(id)
                    + ", expected " + sa.tunnel.config.ike().remoteId() + ")");
            return false;
        }
        sa.initialContact = message.all(NotificationPayload.class).stream()
                .anyMatch(n -> n.notifyType() == NotificationPayload.INITIAL_CONTACT);
        return true;
    }

    byte[] hashI(byte[] idBody) {
        return sa.keys.hashI(publicI, publicR, sa.cookieI, sa.cookieR, initiatorSaBody, idBody);
    }

    byte[] hashR(byte[] idBody) {
        return sa.keys.hashR(publicI, publicR, sa.cookieI, sa.cookieR, initiatorSaBody, idBody);
    }
}
