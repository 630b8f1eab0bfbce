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

/**
 * IKE SA rekey with CREATE_CHILD_SA (RFC 7296 §1.3.2, §2.18): a new IKE SA with fresh SPIs, nonces and
 * DH, keyed from the old SK_d; the CHILD_SAs move over and the rekey initiator deletes the old SA.
 */
final class IkeSaRekeyExchange implements Exchange {

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
        Optional<NotifyPayload> error = payloads.stream().filter(p -> p instanceof NotifyPayload n && n.isError())
                .map(NotifyPayload.class::cast).findFirst();
        if (error.isPresent()) {
            if (error.get().is(NotifyType.TEMPORARY_FAILURE)) {
                sa.retryLater(() -> sa.queue(new IkeSaRekeyExchange(sa)));
            } else {
                sa.tunnel.failed("IKE SA rekey failed: " + NotifyType.describe(error.get().messageType()));
            }
            return;
        }
        Optional<SecurityAssociationPayload> saPayload = first(payloads, SecurityAssociationPayload.class);
        Optional<NoncePayload> peerNonce = first(payloads, NoncePayload.class);
        Optional<KeyExchangePayload> ke = first(payloads, KeyExchangePayload.class);
        if (saPayload.isEmpty() || peerNonce.isEmpty() || ke.isEmpty() || saPayload.get().proposals().size() != 1
                || saPayload.get().proposals().getFirst().spi().length != 8) {
            sa.tunnel.failed("IKE SA rekey failed: INVALID_SYNTAX");
            return;
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
            return;
        }
        long peerSpi = ByteBuffer.wrap(accepted.spi()).getLong();
        IkeSa replacement = new IkeSa(sa.engine, sa.tunnel, true, newSpi, peerSpi, sa.local, sa.remote);
        replacement.nonceI = nonce;
        replacement.nonceR = peerNonce.get().nonce();
        replacement.keys = sa.keys.rekeyed(suite.get(), sharedSecret, nonce, replacement.nonceR, newSpi, peerSpi);
        takeOver(sa, replacement);
        sa.delete("rekeyed", false);
    }

    private static void takeOver(IkeSa old, IkeSa replacement) {
        replacement.natDetected = old.natDetected;
        old.engine.register(replacement);
        old.tunnel.setCurrent(replacement);
        old.tunnel.ikeSaRekeyed++;
        replacement.established();
        old.markRekeyed();
        if (!old.tunnel.children().isEmpty()) {
            old.tunnel.status(Tunnel.PHASE2_SUCCEEDED);
        }
    }

    static byte[] spiBytes(long spi) {
        return ByteBuffer.allocate(8).putLong(spi).array();
    }

    /** Responder side: the peer rekeys the IKE SA. */
    static List<Payload> respond(IkeSa sa, List<Payload> payloads) {
        if (sa.busyWith(IkeSaRekeyExchange.class) && sa.originalInitiator) {
            // Simplified collision handling (RFC 7296 §2.8.1): the original initiator's rekey wins;
            // the peer retries after a random delay and by then finds the SA rekeyed.
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
        takeOver(sa, replacement);
        return List.of(new SecurityAssociationPayload(List.of(ProposalSelection.answerIke(match.get(), spiBytes(ourSpi)))),
                new NoncePayload(replacement.nonceR),
                new KeyExchangePayload(ours.group().transformId(), ours.publicValue()));
    }
}
