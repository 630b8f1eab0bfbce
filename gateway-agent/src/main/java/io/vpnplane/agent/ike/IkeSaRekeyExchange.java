package io.vpnplane.agent.ike;

import io.vpnplane.agent.crypto.IkeSaTransforms;

import static io.vpnplane.agent.ike.IkeSaInitExchange.first;

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
import io.vpnplane.agent.ike.message.SecurityAssociationPayload;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * IKE SA rekey with CREATE_CHILD_SA (RFC 7296 §1.3.2, §2.18): a new IKE SA with fresh SPIs, nonces and
 * DH, keyed from the old SK_d; the CHILD_SAs move over and the rekey initiator deletes the old SA.
 *
 * <p>Simultaneous rekeys of the same IKE SA (RFC 7296 §2.8.2): when the peer's request arrives while
 * ours is outstanding, we answer it normally and keep its new SA aside (the old SA is CONTENDING).
 * When our answer arrives, the SA made with the lowest of the four nonces ({@link RekeyCollision}) is
 * redundant: if it is ours we DELETE it and wait for the peer to delete the old SA; otherwise we adopt
 * ours, delete the old SA, and the peer deletes its redundant one. Orders the nonces cannot decide:
 * the peer deletes the old SA before our answer arrives, or answers our request with an error (it had
 * finished its own rekey first) — then the peer's SA wins; a peer request that arrives after ours has
 * completed is answered TEMPORARY_FAILURE, and the peer adopts ours the same way.
 */
final class IkeSaRekeyExchange implements Exchange {

    private static final Logger LOG = Logger.getLogger(IkeSaRekeyExchange.class.getName());

    private final IkeSa sa;
    private final long newSpi;
    private final byte[] nonce;
    private final KeyExchange keyExchange;

    IkeSaRekeyExchange(IkeSa sa) {
        this.sa = sa;
        this.newSpi = sa.engine.newIkeSpi();
        this.nonce = sa.engine.newNonce();
        this.keyExchange = sa.engine.newKeyExchange(sa.keys.suite().group());
    }

    @Override
    public ExchangeType type() {
        return ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public List<Payload> request() {
        return List.of(
                new SecurityAssociationPayload(List.of(ProposalSelection.ikeProposal(sa.keys.suite(), spiBytes(newSpi)))),
                new NoncePayload(nonce),
                new KeyExchangePayload(keyExchange.group().transformId(), keyExchange.publicValue()));
    }

    @Override
    public void onResponse(IkeHeader header, byte[] datagram, List<Payload> payloads) {
        Optional<IkeSa> crossed = sa.candidate();
        Optional<NotifyPayload> error = payloads.stream().filter(p -> p instanceof NotifyPayload n && n.isError())
                .map(NotifyPayload.class::cast).findFirst();
        if (error.isPresent()) {
            if (crossed.isPresent()) {
                // The peer refused ours (it had rekeyed already, or cannot): its own rekey stands.
                adopt(sa, crossed.get());
                return;
            }
            sa.endContention();
            if (error.get().is(NotifyType.TEMPORARY_FAILURE)) {
                sa.retryLater(sa::rekey);
            } else {
                sa.tunnel.failed("IKE SA rekey failed: " + NotifyType.describe(error.get().messageType()));
            }
            return;
        }
        Optional<IkeSa> replacement = replacement(payloads);
        if (replacement.isEmpty()) {
            crossed.ifPresentOrElse(peers -> adopt(sa, peers), sa::endContention);
            return;
        }
        IkeSa ours = replacement.get();
        if (!sa.isUp()) {
            // Deleted (terminated) while the rekey was under way: the new SA must not live on at the peer.
            discard(sa, ours);
            return;
        }
        if (!(sa.state() instanceof IkeSaState.Contending)) {
            takeOver(sa, ours);
            sa.delete("rekeyed", false);
            return;
        }
        // A peer that deleted its SA of the collision already lost it; otherwise the nonces decide.
        RekeyCollision.Survivor survivor = crossed.map(peers -> RekeyCollision.survivor(ours.nonceI, ours.nonceR,
                peers.nonceI, peers.nonceR)).orElse(RekeyCollision.Survivor.OURS);
        if (survivor == RekeyCollision.Survivor.OURS) {
            LOG.info(() -> "tunnel " + sa.tunnel.config.id() + ": IKE SA rekey collision won, the peer deletes its "
                    + "redundant IKE SA");
            takeOver(sa, ours);
            // The peer deletes it; if it never does, markRekeyed's timer closes it.
            crossed.ifPresent(IkeSa::markRekeyed);
            sa.delete("rekeyed", false);
        } else {
            LOG.info(() -> "tunnel " + sa.tunnel.config.id() + ": IKE SA rekey collision lost, deleting our "
                    + "redundant IKE SA");
            takeOver(sa, crossed.get()); // the old SA now waits for the peer's DELETE
            discard(sa, ours);
        }
    }

    /** The IKE SA our request created, from a valid answer; empty (and the failure recorded) otherwise. */
    private Optional<IkeSa> replacement(List<Payload> payloads) {
        Optional<SecurityAssociationPayload> saPayload = first(payloads, SecurityAssociationPayload.class);
        Optional<NoncePayload> peerNonce = first(payloads, NoncePayload.class);
        Optional<KeyExchangePayload> ke = first(payloads, KeyExchangePayload.class);
        if (saPayload.isEmpty() || peerNonce.isEmpty() || ke.isEmpty() || saPayload.get().proposals().size() != 1
                || saPayload.get().proposals().getFirst().spi().length != 8) {
            sa.tunnel.failed("IKE SA rekey failed: INVALID_SYNTAX");
            return Optional.empty();
        }
        Proposal accepted = saPayload.get().proposals().getFirst();
        Optional<IkeSaTransforms> suite = ProposalSelection.acceptedIke(accepted).filter(s -> s.equals(sa.keys.suite()));
        byte[] sharedSecret;
        try {
            if (suite.isEmpty() || ke.get().dhGroup() != keyExchange.group().transformId()) {
                throw new InvalidKeyExchangeValueException("unexpected proposal or KE");
            }
            sharedSecret = keyExchange.sharedSecret(ke.get().keyData());
        } catch (InvalidKeyExchangeValueException e) {
            sa.tunnel.failed("IKE SA rekey failed: peer answered with a proposal or KE we did not offer");
            return Optional.empty();
        }
        long peerSpi = ByteBuffer.wrap(accepted.spi()).getLong();
        IkeSa replacement = new IkeSa(sa.engine, sa.tunnel, true, newSpi, peerSpi, sa.local, sa.remote);
        replacement.nonceI = nonce;
        replacement.nonceR = peerNonce.get().nonce();
        replacement.keys = sa.keys.rekeyed(suite.get(), sharedSecret, nonce, replacement.nonceR, newSpi, peerSpi);
        replacement.natDetected = sa.natDetected;
        return Optional.of(replacement);
    }

    /** {@code replacement} takes over from {@code old}: the tunnel, its CHILD_SAs and waiting requests. */
    private static void takeOver(IkeSa old, IkeSa replacement) {
        old.engine.register(replacement);
        old.tunnel.setCurrent(replacement);
        old.tunnel.ikeSaRekeyed++;
        replacement.established();
        old.handOverQueue(replacement);
        old.markRekeyed();
        if (!old.tunnel.children().isEmpty()) {
            old.tunnel.status(Tunnel.PHASE2_SUCCEEDED);
        }
    }

    /**
     * The collision is decided for the peer's SA without the nonces: the peer deleted the old SA (it
     * won, or never saw our request) or refused our request. The peer deletes the old SA.
     */
    static void adopt(IkeSa old, IkeSa peers) {
        LOG.info(() -> "tunnel " + old.tunnel.config.id() + ": IKE SA rekey collision concluded by the peer, "
                + "adopting its IKE SA");
        takeOver(old, peers);
    }

    /** A new IKE SA we created that must not live on (the redundant one of a collision): DELETE it. */
    private static void discard(IkeSa old, IkeSa redundant) {
        old.engine.register(redundant);
        redundant.markRekeyed();
        redundant.delete("redundant after IKE SA rekey collision", false);
    }

    static byte[] spiBytes(long spi) {
        return ByteBuffer.allocate(8).putLong(spi).array();
    }

    /** Responder side: the peer rekeys the IKE SA. */
    static List<Payload> respond(IkeSa sa, List<Payload> payloads) {
        if (sa.state() instanceof IkeSaState.Rekeyed) {
            // Our own rekey of this SA completed before the peer's crossed it: ours stands, the peer adopts
            // it when this refusal or our DELETE arrives (RFC 7296 §2.8.2).
            sa.tunnel.ikeSaRekeyCollisions++;
            LOG.info(() -> "tunnel " + sa.tunnel.config.id() + ": IKE SA rekey collision, the peer's rekey came "
                    + "after ours completed; refused");
            return List.of(NotifyPayload.of(NotifyType.TEMPORARY_FAILURE));
        }
        if (!sa.isEstablished()) {
            return List.of(NotifyPayload.of(NotifyType.TEMPORARY_FAILURE));
        }
        Optional<SecurityAssociationPayload> saPayload = first(payloads, SecurityAssociationPayload.class);
        Optional<NoncePayload> nonce = first(payloads, NoncePayload.class);
        Optional<KeyExchangePayload> ke = first(payloads, KeyExchangePayload.class);
        if (saPayload.isEmpty() || nonce.isEmpty() || ke.isEmpty()) {
            return List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
        }
        TunnelConfig.IkeSettings ike = sa.tunnel.config.ike();
        Optional<ProposalSelection.IkeMatch> match = ProposalSelection.selectIke(
                saPayload.get().proposals().stream().filter(p -> p.spi().length == 8).toList(),
                ike.encryption(), ike.prf(), ike.integrity(), ike.dhGroups(), ke.get().dhGroup());
        if (match.isEmpty()) {
            sa.tunnel.failed("IKE SA rekey failed: NO_PROPOSAL_CHOSEN");
            return List.of(NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN));
        }
        int group = match.get().suite().group().transformId();
        if (group != ke.get().dhGroup()) {
            return List.of(NotifyPayload.of(NotifyType.INVALID_KE_PAYLOAD, new byte[] {(byte) (group >>> 8), (byte) group}));
        }
        KeyExchange ours = sa.engine.newKeyExchange(match.get().suite().group());
        byte[] sharedSecret;
        try {
            sharedSecret = ours.sharedSecret(ke.get().keyData());
        } catch (InvalidKeyExchangeValueException e) {
            return List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
        }
        long peerSpi = ByteBuffer.wrap(match.get().proposal().spi()).getLong();
        long ourSpi = sa.engine.newIkeSpi();
        IkeSa replacement = new IkeSa(sa.engine, sa.tunnel, false, peerSpi, ourSpi, sa.local, sa.remote);
        replacement.nonceI = nonce.get().nonce();
        replacement.nonceR = sa.engine.newNonce();
        replacement.keys = sa.keys.rekeyed(match.get().suite(), sharedSecret, replacement.nonceI, replacement.nonceR,
                peerSpi, ourSpi);
        replacement.natDetected = sa.natDetected;
        if (sa.outstandingExchange().filter(IkeSaRekeyExchange.class::isInstance).isPresent()) {
            // Both ends rekey at once: answer normally; our answer's nonces decide (see onResponse).
            sa.tunnel.ikeSaRekeyCollisions++;
            sa.engine.register(replacement);
            sa.contend(replacement);
            LOG.info(() -> "tunnel " + sa.tunnel.config.id() + ": IKE SA rekey collision, the peer's rekey crossed ours");
        } else {
            // A rekey of ours only queued, not sent, is dropped with the old SA's queue.
            takeOver(sa, replacement);
        }
        return List.of(new SecurityAssociationPayload(List.of(ProposalSelection.answerIke(match.get(), spiBytes(ourSpi)))),
                new NoncePayload(replacement.nonceR),
                new KeyExchangePayload(ours.group().transformId(), ours.publicValue()));
    }
}
