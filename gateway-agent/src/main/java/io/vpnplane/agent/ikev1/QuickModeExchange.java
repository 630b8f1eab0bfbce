package io.vpnplane.agent.ikev1;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.crypto.InvalidKeyExchangeValueException;
import io.vpnplane.agent.crypto.KeyExchange;
import io.vpnplane.agent.ike.ChildSa;
import io.vpnplane.agent.ike.ChildSaKeys;
import io.vpnplane.agent.ike.Cidr;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ikev1.Ikev1Attributes.Phase2Suite;
import io.vpnplane.agent.ikev1.message.ExchangeType;
import io.vpnplane.agent.ikev1.message.HashPayload;
import io.vpnplane.agent.ikev1.message.IdentificationPayload;
import io.vpnplane.agent.ikev1.message.IsakmpDecodeException;
import io.vpnplane.agent.ikev1.message.IsakmpHeader;
import io.vpnplane.agent.ikev1.message.IsakmpMessage;
import io.vpnplane.agent.ikev1.message.KeyExchangePayload;
import io.vpnplane.agent.ikev1.message.NoncePayload;
import io.vpnplane.agent.ikev1.message.NotificationPayload;
import io.vpnplane.agent.ikev1.message.Payload;
import io.vpnplane.agent.ikev1.message.Proposal;
import io.vpnplane.agent.ikev1.message.SecurityAssociationPayload;
import io.vpnplane.agent.ikev1.message.Transform;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Quick mode (RFC 2409 §5.5), both roles, without the commit bit:
 * <pre>
 * 1 I→R  * HASH(1), SA, Ni [, KE] , IDci, IDcr
 * 2 R→I  * HASH(2), SA, Nr [, KE] , IDci, IDcr
 * 3 I→R  * HASH(3)
 * </pre>
 * The initiator installs the ESP SAs after sending HASH(3), the responder after receiving it. One pair of
 * client IDs per exchange ({@link SelectorPair}).
 */
final class QuickModeExchange {

    enum Step { START, HASH1_SENT, HASH2_SENT, DONE }

    private final IsakmpSa sa;
    private final long messageId;
    private final boolean initiator;
    private final Optional<ChildSa> replacing;
    private final CbcIvChain chain;
    private final Flight flight;
    private Step step = Step.START;
    private Phase2Suite suite;
    private KeyExchange pfs;
    private byte[] pfsSecret;
    private byte[] nonceI;
    private byte[] nonceR;
    private int inboundSpi;
    private int outboundSpi;
    private SelectorPair selectors;
    private List<Payload> clientIds = List.of();

    private QuickModeExchange(IsakmpSa sa, long messageId, boolean initiator, SelectorPair selectors,
                              Optional<ChildSa> replacing) {
        this.sa = sa;
        this.selectors = selectors;
        this.messageId = messageId;
        this.initiator = initiator;
        this.replacing = replacing;
        this.chain = sa.phase2Chain(messageId);
        this.flight = new Flight(sa, ExchangeType.name(ExchangeType.QUICK));
    }

    static QuickModeExchange initiator(IsakmpSa sa, long messageId, SelectorPair selectors,
                                       Optional<ChildSa> replacing) {
        return new QuickModeExchange(sa, messageId, true, selectors, replacing);
    }

    /** The selectors are known once the peer's IDs were checked against the tunnel's prefixes. */
    static QuickModeExchange responder(IsakmpSa sa, long messageId) {
        return new QuickModeExchange(sa, messageId, false, null, Optional.empty());
    }

    private IsakmpHeader header() {
        return new IsakmpHeader(sa.cookieI, sa.cookieR, ExchangeType.QUICK, IsakmpHeader.FLAG_ENCRYPTION, messageId);
    }

    private byte[] mid() {
        return header().messageIdBytes();
    }

    void stop() {
        flight.stop();
    }

    private Phase2Suite ourSuite() {
        TunnelConfig.IpsecSettings ipsec = sa.tunnel.config.ipsec();
        return new Phase2Suite(ipsec.encryption(), ipsec.integrity(), ipsec.pfsGroup(),
                sa.natDetected ? Ikev1Attributes.ENCAPSULATION_UDP_TUNNEL : Ikev1Attributes.ENCAPSULATION_TUNNEL,
                ipsec.lifetime());
    }

    void start() {
        suite = ourSuite();
        inboundSpi = sa.engine.newEspSpi();
        nonceI = newNonce();
        List<Payload> rest = new ArrayList<>();
        rest.add(SecurityAssociationPayload.ipsec(List.of(new Proposal(1, Proposal.PROTO_ESP, spiBytes(inboundSpi),
                List.of(Ikev1Attributes.phase2Transform(1, suite))))));
        rest.add(new NoncePayload(nonceI));
        suite.pfsGroup().ifPresent(group -> {
            pfs = group.newKeyExchange(sa.engine.random());
            rest.add(new KeyExchangePayload(pfs.publicValue()));
        });
        rest.add(clientId(selectors.local()));
        rest.add(clientId(selectors.remote()));
        byte[] hash = sa.keys.hash1(mid(), IsakmpMessage.encodeChain(rest));
        flight.sendExpectingAnswer(new IsakmpMessage(header(), withHash(hash, rest)).encode(chain));
        step = Step.HASH1_SENT;
    }

    void receive(IsakmpHeader header, byte[] datagram) {
        if (flight.answerRetransmission(datagram)) {
            return;
        }
        IsakmpMessage.Received received;
        try {
            received = IsakmpMessage.decode(datagram, chain);
        } catch (IsakmpDecodeException e) {
            sa.dropped("undecryptable quick mode message: " + e.getMessage());
            return;
        }
        if (received.payloads().isEmpty() || !(received.payloads().getFirst() instanceof HashPayload hash)) {
            sa.dropped("quick mode message without leading HASH");
            return;
        }
        switch (step) {
            case HASH1_SENT -> {
                if (initiator && verify(hash, sa.keys.hash2(mid(), nonceI, received.afterFirstPayload()))) {
                    initiatorReceivesHash2(received, datagram);
                }
            }
            case START -> {
                if (!initiator && verify(hash, sa.keys.hash1(mid(), received.afterFirstPayload()))) {
                    responderReceivesHash1(received, datagram);
                }
            }
            case HASH2_SENT -> {
                if (verify(hash, sa.keys.hash3(mid(), nonceI, nonceR))) {
                    chain.confirm();
                    flight.stop();
                    step = Step.DONE;
                    install();
                }
            }
            default -> { }
        }
    }

    private boolean verify(HashPayload received, byte[] expected) {
        if (!MessageDigest.isEqual(received.data(), expected)) {
            sa.dropped("quick mode message with a wrong HASH");
            return false;
        }
        sa.tunnel.heardFromPeer(sa.engine.scheduler().now());
        return true;
    }

    private void initiatorReceivesHash2(IsakmpMessage.Received received, byte[] datagram) {
        IsakmpMessage message = received.message();
        Optional<SecurityAssociationPayload> chosen = message.first(SecurityAssociationPayload.class);
        Optional<NoncePayload> nonce = message.first(NoncePayload.class);
        flight.stop();
        if (chosen.isEmpty() || nonce.isEmpty() || chosen.get().proposals().size() != 1) {
            fail("NO_PROPOSAL_CHOSEN (incomplete quick mode answer)");
            return;
        }
        Proposal proposal = chosen.get().proposals().getFirst();
        Optional<Phase2Suite> theirs = proposal.transforms().size() == 1 && proposal.spi().length == 4
                ? Ikev1Attributes.phase2Suite(proposal.transforms().getFirst()) : Optional.empty();
        if (theirs.isEmpty() || !sameAlgorithms(theirs.get(), suite)) {
            fail("NO_PROPOSAL_CHOSEN (peer chose a proposal we did not offer)");
            return;
        }
        outboundSpi = ByteBuffer.wrap(proposal.spi()).getInt();
        nonceR = nonce.get().data();
        if (!agreePfs(message)) {
            return;
        }
        chain.confirm();
        flight.sendFinal(new IsakmpMessage(header(), List.of(new HashPayload(sa.keys.hash3(mid(), nonceI, nonceR))))
                .encode(chain), datagram);
        step = Step.DONE;
        install();
    }

    private void responderReceivesHash1(IsakmpMessage.Received received, byte[] datagram) {
        IsakmpMessage message = received.message();
        Optional<SecurityAssociationPayload> offered = message.first(SecurityAssociationPayload.class);
        Optional<NoncePayload> nonce = message.first(NoncePayload.class);
        if (offered.isEmpty() || nonce.isEmpty()) {
            sa.dropped("quick mode message 1 without SA or nonce");
            return;
        }
        Phase2Suite ours = ourSuite();
        Optional<Proposal> accepted = Optional.empty();
        for (Proposal proposal : offered.get().proposals()) {
            if (proposal.protocolId() != Proposal.PROTO_ESP || proposal.spi().length != 4) {
                continue;
            }
            for (Transform transform : proposal.transforms()) {
                Optional<Phase2Suite> theirs = Ikev1Attributes.phase2Suite(transform);
                if (theirs.isPresent() && sameAlgorithms(theirs.get(), ours)) {
                    suite = new Phase2Suite(ours.encryption(), ours.integrity(), ours.pfsGroup(),
                            theirs.get().encapsulation(), min(theirs.get().lifetime(), ours.lifetime()));
                    accepted = Optional.of(new Proposal(proposal.number(), Proposal.PROTO_ESP, proposal.spi(),
                            List.of(transform)));
                    break;
                }
            }
            if (accepted.isPresent()) {
                break;
            }
        }
        if (accepted.isEmpty()) {
            refuse(NotificationPayload.NO_PROPOSAL_CHOSEN, "NO_PROPOSAL_CHOSEN (none of the peer's ESP proposals matches ours)");
            return;
        }
        if (!selectors(message.all(IdentificationPayload.class))) {
            refuse(NotificationPayload.INVALID_ID_INFORMATION, "INVALID_ID_INFORMATION (peer's traffic selectors "
                    + "are outside ours)");
            return;
        }
        outboundSpi = ByteBuffer.wrap(accepted.get().spi()).getInt();
        nonceI = nonce.get().data();
        nonceR = newNonce();
        inboundSpi = sa.engine.newEspSpi();
        List<Payload> rest = new ArrayList<>();
        rest.add(SecurityAssociationPayload.ipsec(List.of(new Proposal(accepted.get().number(), Proposal.PROTO_ESP,
                spiBytes(inboundSpi), accepted.get().transforms()))));
        rest.add(new NoncePayload(nonceR));
        if (suite.pfsGroup().isPresent()) {
            pfs = suite.pfsGroup().get().newKeyExchange(sa.engine.random());
            rest.add(new KeyExchangePayload(pfs.publicValue()));
        }
        if (!agreePfs(message)) {
            return;
        }
        rest.addAll(clientIds);
        chain.confirm();
        byte[] hash = sa.keys.hash2(mid(), nonceI, IsakmpMessage.encodeChain(rest));
        flight.sendExpectingAnswer(new IsakmpMessage(header(), withHash(hash, rest)).encode(chain), datagram);
        step = Step.HASH2_SENT;
    }

    /** The peer's KE must be there exactly when PFS was agreed; computes g(qm)^xy. */
    private boolean agreePfs(IsakmpMessage message) {
        Optional<KeyExchangePayload> ke = message.first(KeyExchangePayload.class);
        if (pfs == null) {
            if (ke.isPresent()) {
                fail("NO_PROPOSAL_CHOSEN (peer sent a KE without PFS agreed)");
                return false;
            }
            return true;
        }
        if (ke.isEmpty()) {
            fail("NO_PROPOSAL_CHOSEN (PFS agreed but the peer sent no KE)");
            return false;
        }
        try {
            pfsSecret = pfs.sharedSecret(ke.get().data());
            return true;
        } catch (InvalidKeyExchangeValueException e) {
            fail("invalid KE value from peer");
            return false;
        }
    }

    /**
     * Responder: the peer's IDci/IDcr must lie inside one of our remote/local prefix pairs; absent IDs mean
     * the two IKE addresses (RFC 2409 §5.5).
     */
    private boolean selectors(List<IdentificationPayload> ids) {
        Optional<Cidr> theirLocal;
        Optional<Cidr> theirRemote;
        if (ids.isEmpty()) {
            theirLocal = Optional.of(Cidr.parse(sa.remote.getAddress().getHostAddress() + "/32"));
            theirRemote = Optional.of(Cidr.parse(sa.local.getAddress().getHostAddress() + "/32"));
        } else if (ids.size() == 2) {
            theirLocal = toCidr(ids.get(0));
            theirRemote = toCidr(ids.get(1));
            clientIds = List.of(ids.get(0), ids.get(1));
        } else {
            return false;
        }
        if (theirLocal.isEmpty() || theirRemote.isEmpty()) {
            return false;
        }
        SelectorPair proposed = new SelectorPair(theirRemote.get(), theirLocal.get());
        if (sa.tunnel.configuredSelectors().stream().noneMatch(ours -> ours.contains(proposed))) {
            return false;
        }
        selectors = proposed;
        return true;
    }

    static IdentificationPayload clientId(Cidr cidr) {
        if (cidr.prefixLength() == 32) {
            return IdentificationPayload.of(IdentificationPayload.ID_IPV4_ADDR, cidr.network());
        }
        long mask = cidr.prefixLength() == 0 ? 0 : (0xffffffffL << (32 - cidr.prefixLength())) & 0xffffffffL;
        return IdentificationPayload.of(IdentificationPayload.ID_IPV4_ADDR_SUBNET,
                ByteBuffer.allocate(8).put(cidr.network()).putInt((int) mask).array());
    }

    static Optional<Cidr> toCidr(IdentificationPayload id) {
        byte[] data = id.data();
        if (id.idType() == IdentificationPayload.ID_IPV4_ADDR && data.length == 4) {
            return Optional.of(new Cidr(data, 32));
        }
        if (id.idType() == IdentificationPayload.ID_IPV4_ADDR_SUBNET && data.length == 8) {
            int mask = ByteBuffer.wrap(data, 4, 4).getInt();
            int prefix = Integer.bitCount(mask);
            if (mask != (prefix == 0 ? 0 : -1 << (32 - prefix))) {
                return Optional.empty();
            }
            return Optional.of(new Cidr(Arrays.copyOf(data, 4), prefix));
        }
        return Optional.empty();
    }

    private static boolean sameAlgorithms(Phase2Suite a, Phase2Suite b) {
        return a.encryption() == b.encryption() && a.integrity().equals(b.integrity()) && a.pfsGroup().equals(b.pfsGroup());
    }

    private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Initiator: our first message is out and unanswered. */
    boolean awaitsAnswer() {
        return initiator && step == Step.HASH1_SENT;
    }

    /** The peer answered our proposal with an error notify in an informational exchange. */
    void refused(String notify) {
        fail(notify + " (the peer refused our quick mode proposal)");
    }

    private void refuse(int notifyType, String reason) {
        sa.sendInformational(List.of(NotificationPayload.of(Proposal.PROTO_ESP, new byte[0], notifyType, new byte[0])));
        fail(reason);
    }

    private void fail(String reason) {
        flight.stop();
        step = Step.DONE;
        sa.tunnel.failed("phase 2 negotiation failed: " + reason);
        sa.quickModeFinished(messageId);
    }

    private void install() {
        int encryptionLength = suite.encryption().keyMaterialLength();
        int integrityLength = suite.integrity().map(i -> i.keyLength()).orElse(0);
        Optional<byte[]> secret = Optional.ofNullable(pfsSecret);
        byte[] in = sa.keys.keymat(secret, Proposal.PROTO_ESP, inboundSpi, nonceI, nonceR, encryptionLength + integrityLength);
        byte[] out = sa.keys.keymat(secret, Proposal.PROTO_ESP, outboundSpi, nonceI, nonceR,
                encryptionLength + integrityLength);
        ChildSaKeys keys = new ChildSaKeys(Arrays.copyOf(in, encryptionLength),
                Arrays.copyOfRange(in, encryptionLength, in.length), Arrays.copyOf(out, encryptionLength),
                Arrays.copyOfRange(out, encryptionLength, out.length));
        Instant now = sa.engine.scheduler().now();
        ChildSa child = new ChildSa(sa.tunnel.config.id(), inboundSpi, outboundSpi,
                new ChildSaTransforms(suite.encryption(), suite.integrity(), suite.pfsGroup()), keys,
                List.of(selectors.local().toTrafficSelector()), List.of(selectors.remote().toTrafficSelector()), sa.local,
                sa.remote, sa.natDetected, now, now.plus(Ikev1Tunnel.rekeyMargin(suite.lifetime())),
                now.plus(suite.lifetime()));
        sa.quickModeFinished(messageId);
        sa.tunnel.installChild(child, selectors, initiator);
        replacing.ifPresent(old -> {
            sa.sendInformational(List.of(io.vpnplane.agent.ikev1.message.DeletePayload.esp(List.of(spiBytes(old.inboundSpi())))));
            sa.tunnel.removeChild(old);
        });
    }

    private byte[] newNonce() {
        byte[] nonce = new byte[Phase1Material.NONCE_LENGTH];
        sa.engine.random().nextBytes(nonce);
        return nonce;
    }

    private static List<Payload> withHash(byte[] hash, List<Payload> rest) {
        List<Payload> all = new ArrayList<>();
        all.add(new HashPayload(hash));
        all.addAll(rest);
        return all;
    }

    static byte[] spiBytes(int spi) {
        return ByteBuffer.allocate(4).putInt(spi).array();
    }
}
