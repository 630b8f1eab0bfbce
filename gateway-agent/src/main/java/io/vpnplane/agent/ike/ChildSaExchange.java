package io.vpnplane.agent.ike;

import io.vpnplane.agent.crypto.ChildSaTransforms;

import static io.vpnplane.agent.ike.IkeSaInitExchange.first;

import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.InvalidKeyExchangeValueException;
import io.vpnplane.agent.crypto.KeyExchange;
import io.vpnplane.agent.ike.message.ExchangeType;
import io.vpnplane.agent.ike.message.IkeHeader;
import io.vpnplane.agent.ike.message.KeyExchangePayload;
import io.vpnplane.agent.ike.message.NoncePayload;
import io.vpnplane.agent.ike.message.NotifyPayload;
import io.vpnplane.agent.ike.message.NotifyType;
import io.vpnplane.agent.ike.message.Payload;
import io.vpnplane.agent.ike.message.Proposal;
import io.vpnplane.agent.ike.message.ProtocolId;
import io.vpnplane.agent.ike.message.SecurityAssociationPayload;
import io.vpnplane.agent.ike.message.TrafficSelector;
import io.vpnplane.agent.ike.message.TrafficSelectorPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CREATE_CHILD_SA for a CHILD_SA (RFC 7296 §1.3.1, §1.3.3): rekey of an existing one (REKEY_SA notify,
 * optional PFS key exchange) or a new one. Also holds the CHILD_SA negotiation shared with IKE_AUTH.
 */
final class ChildSaExchange implements Exchange {

    private static final List<NotifyType> CHILD_ERRORS = List.of(NotifyType.NO_PROPOSAL_CHOSEN,
            NotifyType.TS_UNACCEPTABLE, NotifyType.SINGLE_PAIR_REQUIRED, NotifyType.INTERNAL_ADDRESS_FAILURE,
            NotifyType.FAILED_CP_REQUIRED, NotifyType.INVALID_SELECTORS, NotifyType.NO_ADDITIONAL_SAS,
            NotifyType.CHILD_SA_NOT_FOUND, NotifyType.INVALID_KE_PAYLOAD, NotifyType.TEMPORARY_FAILURE);

    private final IkeSa sa;
    private final Optional<ChildSa> rekeyed;
    private final int spi;
    private final byte[] nonce;
    private Optional<DiffieHellmanGroup> pfsGroup;
    private KeyExchange keyExchange;
    /** The nonces (peer's Ni, our Nr) of the peer's rekey of the same CHILD_SA, if it crossed ours. */
    private Optional<byte[][]> collidingNonces = Optional.empty();

    ChildSaExchange(IkeSa sa, Optional<ChildSa> rekeyed) {
        this.sa = sa;
        this.rekeyed = rekeyed;
        this.spi = sa.engine.newChildSpi();
        this.nonce = sa.engine.newNonce();
        this.pfsGroup = sa.tunnel.config.ipsec().pfsGroup();
    }

    @Override
    public ExchangeType type() {
        return ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public Optional<Exchange> movedTo(IkeSa replacement) {
        boolean stillWanted = rekeyed.isEmpty() || replacement.tunnel.children().contains(rekeyed.get());
        return stillWanted ? Optional.of(new ChildSaExchange(replacement, rekeyed)) : Optional.empty();
    }

    private List<TrafficSelector> localTs() {
        return rekeyed.map(ChildSa::localSelectors).orElse(sa.tunnel.config.localSelectorsAsTs());
    }

    private List<TrafficSelector> remoteTs() {
        return rekeyed.map(ChildSa::remoteSelectors).orElse(sa.tunnel.config.remoteSelectorsAsTs());
    }

    @Override
    public List<Payload> request() {
        List<Payload> payloads = new ArrayList<>();
        rekeyed.ifPresent(old -> payloads.add(new NotifyPayload(ProtocolId.ESP,
                ProposalSelection.spiBytes(old.inboundSpi()), NotifyType.REKEY_SA.code(), new byte[0])));
        TunnelConfig.IpsecSettings ipsec = sa.tunnel.config.ipsec();
        payloads.add(new SecurityAssociationPayload(List.of(ProposalSelection.childProposal(
                new TunnelConfig.IpsecSettings(ipsec.encryption(), ipsec.integrity(), pfsGroup, ipsec.lifetime(),
                        ipsec.extendedSequenceNumbers(), ipsec.replayWindow()),
                spi, true))));
        payloads.add(new NoncePayload(nonce));
        pfsGroup.ifPresent(group -> {
            if (keyExchange == null || keyExchange.group() != group) {
                keyExchange = sa.engine.newKeyExchange(group);
            }
            payloads.add(new KeyExchangePayload(group.transformId(), keyExchange.publicValue()));
        });
        payloads.add(new TrafficSelectorPayload(true, localTs()));
        payloads.add(new TrafficSelectorPayload(false, remoteTs()));
        return payloads;
    }

    @Override
    public void onResponse(IkeHeader header, byte[] datagram, List<Payload> payloads) {
        Optional<NotifyPayload> error = errorNotify(payloads);
        if (error.isPresent() && error.get().is(NotifyType.TEMPORARY_FAILURE) && rekeyed.isPresent()) {
            // The peer is busy (e.g. rekeying the same SA itself): try again at a random moment (§2.8.1).
            sa.retryLater(() -> sa.rekeyChild(rekeyed.get()));
            return;
        }
        if (error.isPresent() && error.get().is(NotifyType.CHILD_SA_NOT_FOUND)) {
            rekeyed.ifPresent(sa.tunnel::removeChild);
            return;
        }
        Optional<NoncePayload> peerNonce = first(payloads, NoncePayload.class);
        byte[] sharedSecret = new byte[0];
        if (error.isEmpty() && pfsGroup.isPresent()) {
            Optional<KeyExchangePayload> ke = first(payloads, KeyExchangePayload.class);
            try {
                if (ke.isEmpty() || ke.get().dhGroup() != pfsGroup.get().transformId()) {
                    throw new InvalidKeyExchangeValueException("missing or wrong KE");
                }
                sharedSecret = keyExchange.sharedSecret(ke.get().keyData());
            } catch (InvalidKeyExchangeValueException e) {
                sa.tunnel.failed("phase 2 negotiation failed: invalid KE in CREATE_CHILD_SA response");
                return;
            }
        }
        if (error.isEmpty() && peerNonce.isEmpty()) {
            sa.tunnel.failed("phase 2 negotiation failed: INVALID_SYNTAX (no nonce)");
            return;
        }
        byte[] nonceR = peerNonce.map(NoncePayload::nonce).orElse(new byte[0]);
        // RFC 7296 §2.8.1: of two crossed rekeys, the SA made with the lowest of the four nonces is redundant.
        boolean redundant = collidingNonces.filter(peers -> RekeyCollision.survivor(nonce, nonceR, peers[0], peers[1])
                == RekeyCollision.Survivor.PEERS).isPresent();
        acceptAnswer(sa, rekeyed, spi, payloads, sharedSecret, nonce, nonceR, localTs(), remoteTs(), false, redundant);
    }

    private boolean rekeys(ChildSa child) {
        return rekeyed.filter(child::equals).isPresent();
    }

    private static Optional<NotifyPayload> errorNotify(List<Payload> payloads) {
        return payloads.stream().filter(p -> p instanceof NotifyPayload n && n.isError())
                .map(NotifyPayload.class::cast).findFirst();
    }

    /** The SA, TSi and TSr payloads of a CHILD_SA request (IKE_AUTH: without DH). */
    static List<Payload> offer(IkeSa sa, int spi, List<TrafficSelector> tsi, List<TrafficSelector> tsr, boolean withPfs) {
        return List.of(new SecurityAssociationPayload(List.of(ProposalSelection.childProposal(
                        sa.tunnel.config.ipsec(), spi, withPfs))),
                new TrafficSelectorPayload(true, tsi), new TrafficSelectorPayload(false, tsr));
    }

    /** Initiator: checks the responder's choice and installs the CHILD_SA (replacing {@code old}). */
    static boolean acceptAnswer(IkeSa sa, Optional<ChildSa> old, int ourSpi, List<Payload> payloads, byte[] sharedSecret,
                                byte[] nonceI, byte[] nonceR, List<TrafficSelector> offeredTsi,
                                List<TrafficSelector> offeredTsr, boolean ikeAuth) {
        return acceptAnswer(sa, old, ourSpi, payloads, sharedSecret, nonceI, nonceR, offeredTsi, offeredTsr, ikeAuth,
                false);
    }

    private static boolean acceptAnswer(IkeSa sa, Optional<ChildSa> old, int ourSpi, List<Payload> payloads,
                                        byte[] sharedSecret, byte[] nonceI, byte[] nonceR,
                                        List<TrafficSelector> offeredTsi, List<TrafficSelector> offeredTsr,
                                        boolean ikeAuth, boolean redundant) {
        Optional<NotifyPayload> error = errorNotify(payloads);
        if (error.isPresent()) {
            sa.tunnel.failed("phase 2 negotiation failed: " + NotifyType.describe(error.get().messageType()));
            return false;
        }
        Optional<SecurityAssociationPayload> saPayload = first(payloads, SecurityAssociationPayload.class);
        Optional<TrafficSelectorPayload> tsi = payloads.stream().filter(p -> p instanceof TrafficSelectorPayload t
                && t.initiator()).map(TrafficSelectorPayload.class::cast).findFirst();
        Optional<TrafficSelectorPayload> tsr = payloads.stream().filter(p -> p instanceof TrafficSelectorPayload t
                && !t.initiator()).map(TrafficSelectorPayload.class::cast).findFirst();
        if (saPayload.isEmpty() || tsi.isEmpty() || tsr.isEmpty() || saPayload.get().proposals().size() != 1) {
            sa.tunnel.failed("phase 2 negotiation failed: INVALID_SYNTAX (incomplete CHILD_SA answer)");
            return false;
        }
        Proposal accepted = saPayload.get().proposals().getFirst();
        TunnelConfig.IpsecSettings ipsec = sa.tunnel.config.ipsec();
        Optional<ProposalSelection.ChildMatch> match = ProposalSelection.selectChild(List.of(accepted), ipsec, ikeAuth);
        if (match.isEmpty() || !TrafficSelectorNarrowing.within(tsi.get().selectors(), offeredTsi)
                || !TrafficSelectorNarrowing.within(tsr.get().selectors(), offeredTsr)) {
            sa.tunnel.failed("phase 2 negotiation failed: peer answered with a proposal or selectors we did not offer");
            return false;
        }
        ChildSaTransforms suite = match.get().suite();
        ChildSaKeys keys = sa.keys.childKeys(suite, sharedSecret, nonceI, nonceR, true);
        ChildSa child = build(sa, suite, keys, ourSpi, ProposalSelection.spiOf(accepted.spi()),
                tsi.get().selectors(), tsr.get().selectors(), match.get().extendedSequenceNumbers());
        if (redundant) {
            // The peer's rekey of the same SA won; it deletes the old SA, we delete the one we just made.
            sa.queue(new InformationalExchange(sa, List.of(io.vpnplane.agent.ike.message.DeletePayload.esp(
                    List.of(ProposalSelection.spiBytes(child.inboundSpi())))), response -> { }));
            return true;
        }
        install(sa, old, child);
        return true;
    }

    private static void install(IkeSa sa, Optional<ChildSa> old, ChildSa child) {
        if (old.isPresent() && sa.tunnel.children().contains(old.get())) {
            sa.tunnel.replaceChild(old.get(), child);
            ChildSa previous = old.get();
            sa.queue(new InformationalExchange(sa, List.of(io.vpnplane.agent.ike.message.DeletePayload.esp(
                    List.of(ProposalSelection.spiBytes(previous.inboundSpi())))),
                    response -> sa.tunnel.removeChild(previous)));
        } else {
            sa.tunnel.installChild(child);
        }
    }

    static ChildSa build(IkeSa sa, ChildSaTransforms suite, ChildSaKeys keys, int inboundSpi, int outboundSpi,
                         List<TrafficSelector> initiatorTs, List<TrafficSelector> responderTs,
                         boolean extendedSequenceNumbers) {
        Instant now = sa.engine.scheduler().now();
        Duration lifetime = sa.tunnel.config.ipsec().lifetime();
        return new ChildSa(sa.tunnel.config.id(), inboundSpi, outboundSpi, suite, keys, initiatorTs, responderTs,
                sa.local, sa.remote, sa.natDetected, now, now.plus(sa.engine.rekeyDelay(lifetime)), now.plus(lifetime),
                extendedSequenceNumbers, sa.tunnel.config.ipsec().replayWindow());
    }

    /**
     * Responder: answers a CHILD_SA request (IKE_AUTH or CREATE_CHILD_SA). Returns the response payloads:
     * SA, [Nr, KEr], TSi, TSr, or an error notify.
     */
    static List<Payload> answer(IkeSa sa, Optional<ChildSa> old, List<Payload> payloads, byte[] sharedSecret,
                                byte[] nonceI, byte[] nonceR, boolean ikeAuth) {
        Optional<SecurityAssociationPayload> saPayload = first(payloads, SecurityAssociationPayload.class);
        Optional<TrafficSelectorPayload> tsi = payloads.stream().filter(p -> p instanceof TrafficSelectorPayload t
                && t.initiator()).map(TrafficSelectorPayload.class::cast).findFirst();
        Optional<TrafficSelectorPayload> tsr = payloads.stream().filter(p -> p instanceof TrafficSelectorPayload t
                && !t.initiator()).map(TrafficSelectorPayload.class::cast).findFirst();
        if (saPayload.isEmpty() || tsi.isEmpty() || tsr.isEmpty()) {
            return List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
        }
        TunnelConfig config = sa.tunnel.config;
        Optional<ProposalSelection.ChildMatch> match = ProposalSelection.selectChild(saPayload.get().proposals(),
                config.ipsec(), ikeAuth);
        if (match.isEmpty()) {
            sa.tunnel.failed("phase 2 negotiation failed: NO_PROPOSAL_CHOSEN (no ESP proposal of the peer matches "
                    + new ChildSaTransforms(config.ipsec().encryption(), config.ipsec().integrity(),
                    ikeAuth ? Optional.empty() : config.ipsec().pfsGroup()) + ")");
            return List.of(NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN));
        }
        // The initiator's TSi is its local side, our remote side.
        List<TrafficSelector> narrowedI = TrafficSelectorNarrowing.narrow(tsi.get().selectors(), config.remoteSelectorsAsTs());
        List<TrafficSelector> narrowedR = TrafficSelectorNarrowing.narrow(tsr.get().selectors(), config.localSelectorsAsTs());
        if (narrowedI.isEmpty() || narrowedR.isEmpty()) {
            sa.tunnel.failed("phase 2 negotiation failed: TS_UNACCEPTABLE (peer proposed " + tsi.get().selectors()
                    + " === " + tsr.get().selectors() + ")");
            return List.of(NotifyPayload.of(NotifyType.TS_UNACCEPTABLE));
        }
        int ourSpi = sa.engine.newChildSpi();
        ChildSaTransforms suite = match.get().suite();
        ChildSaKeys keys = sa.keys.childKeys(suite, sharedSecret, nonceI, nonceR, false);
        ChildSa child = new ChildSa(config.id(), ourSpi, ProposalSelection.spiOf(match.get().proposal().spi()), suite,
                keys, narrowedR, narrowedI, sa.local, sa.remote, sa.natDetected, sa.engine.scheduler().now(),
                sa.engine.scheduler().now().plus(sa.engine.rekeyDelay(config.ipsec().lifetime())),
                sa.engine.scheduler().now().plus(config.ipsec().lifetime()), match.get().extendedSequenceNumbers(),
                config.ipsec().replayWindow());
        if (old.isPresent()) {
            // The peer deletes the old SA once it has the new one; keep it until then.
            sa.tunnel.replaceChild(old.get(), child);
            sa.tunnel.keepUntilDeleted(old.get());
        } else {
            sa.tunnel.installChild(child);
        }
        return List.of(new SecurityAssociationPayload(List.of(ProposalSelection.answerChild(match.get(), ourSpi,
                        config.ipsec()))),
                new TrafficSelectorPayload(true, narrowedI), new TrafficSelectorPayload(false, narrowedR));
    }

    /** Responder side of CREATE_CHILD_SA for CHILD_SAs. */
    static List<Payload> respond(IkeSa sa, List<Payload> payloads) {
        Optional<NotifyPayload> rekeyNotify = payloads.stream().filter(p -> p instanceof NotifyPayload n
                && n.is(NotifyType.REKEY_SA)).map(NotifyPayload.class::cast).findFirst();
        Optional<ChildSa> old = Optional.empty();
        if (rekeyNotify.isPresent()) {
            old = sa.tunnel.childByOutboundSpi(ProposalSelection.spiOf(rekeyNotify.get().spi()));
            if (old.isEmpty()) {
                return List.of(new NotifyPayload(ProtocolId.ESP, rekeyNotify.get().spi(),
                        NotifyType.CHILD_SA_NOT_FOUND.code(), new byte[0]));
            }
        }
        // Both ends rekey the same SA at once (RFC 7296 §2.8.1): accept; once our own answer arrives
        // the nonces decide which of the two new SAs is redundant.
        Optional<ChildSaExchange> crossed = old.flatMap(o -> sa.outstandingExchange()
                .filter(e -> e instanceof ChildSaExchange c && c.rekeys(o)).map(ChildSaExchange.class::cast));
        Optional<NoncePayload> nonce = first(payloads, NoncePayload.class);
        if (nonce.isEmpty()) {
            return List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
        }
        Optional<DiffieHellmanGroup> pfs = sa.tunnel.config.ipsec().pfsGroup();
        Optional<KeyExchangePayload> ke = first(payloads, KeyExchangePayload.class);
        byte[] sharedSecret = new byte[0];
        KeyExchange ours = null;
        if (pfs.isPresent()) {
            if (ke.isEmpty()) {
                sa.tunnel.failed("phase 2 negotiation failed: NO_PROPOSAL_CHOSEN (peer rekeyed without PFS)");
                return List.of(NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN));
            }
            if (ke.get().dhGroup() != pfs.get().transformId()) {
                int g = pfs.get().transformId();
                return List.of(NotifyPayload.of(NotifyType.INVALID_KE_PAYLOAD, new byte[] {(byte) (g >>> 8), (byte) g}));
            }
            ours = sa.engine.newKeyExchange(pfs.get());
            try {
                sharedSecret = ours.sharedSecret(ke.get().keyData());
            } catch (InvalidKeyExchangeValueException e) {
                return List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
            }
        }
        byte[] ourNonce = sa.engine.newNonce();
        List<Payload> answer = answer(sa, old, payloads, sharedSecret, nonce.get().nonce(), ourNonce, false);
        if (answer.size() == 1) {
            return answer;
        }
        crossed.ifPresent(own -> own.collidingNonces = Optional.of(new byte[][] {nonce.get().nonce(), ourNonce}));
        List<Payload> response = new ArrayList<>();
        response.add(answer.getFirst());
        response.add(new NoncePayload(ourNonce));
        if (ours != null) {
            response.add(new KeyExchangePayload(ours.group().transformId(), ours.publicValue()));
        }
        response.addAll(answer.subList(1, answer.size()));
        return response;
    }
}
