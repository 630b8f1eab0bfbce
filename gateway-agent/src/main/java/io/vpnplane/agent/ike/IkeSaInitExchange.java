package io.vpnplane.agent.ike;

import io.vpnplane.agent.crypto.IkeSaTransforms;

import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.InvalidKeyExchangeValueException;
import io.vpnplane.agent.crypto.KeyExchange;
import io.vpnplane.agent.ike.message.ExchangeType;
import io.vpnplane.agent.ike.message.IkeHeader;
import io.vpnplane.agent.ike.message.IkeMessage;
import io.vpnplane.agent.ike.message.KeyExchangePayload;
import io.vpnplane.agent.ike.message.NoncePayload;
import io.vpnplane.agent.ike.message.NotifyPayload;
import io.vpnplane.agent.ike.message.NotifyType;
import io.vpnplane.agent.ike.message.Payload;
import io.vpnplane.agent.ike.message.SecurityAssociationPayload;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * IKE_SA_INIT (RFC 7296 §1.2): proposals, DH and nonces, NAT detection; the initiator retries with
 * the peer's group on INVALID_KE_PAYLOAD (§1.2) and with the cookie on COOKIE (§2.6).
 */
final class IkeSaInitExchange implements Exchange {

    private final IkeSa sa;
    private DiffieHellmanGroup group;
    private KeyExchange keyExchange;
    private Optional<byte[]> cookie = Optional.empty();
    private boolean retriedGroup;

    IkeSaInitExchange(IkeSa sa) {
        this.sa = sa;
        this.group = sa.tunnel.config.ike().dhGroups().getFirst();
    }

    @Override
    public ExchangeType type() {
        return ExchangeType.IKE_SA_INIT;
    }

    @Override
    public List<Payload> request() {
        TunnelConfig config = sa.tunnel.config;
        if (keyExchange == null || keyExchange.group() != group) {
            keyExchange = sa.engine.newKeyExchange(group);
            sa.nonceI = sa.engine.newNonce();
        }
        List<Payload> payloads = new ArrayList<>();
        cookie.ifPresent(c -> payloads.add(NotifyPayload.of(NotifyType.COOKIE, c)));
        payloads.add(new SecurityAssociationPayload(List.of(ProposalSelection.ikeProposal(config.ike(), new byte[0]))));
        payloads.add(new KeyExchangePayload(group.transformId(), keyExchange.publicValue()));
        payloads.add(new NoncePayload(sa.nonceI));
        if (config.natTraversal()) {
            payloads.addAll(NatDetection.notifies(sa.spiI, 0, sa.local, sa.remote, config.forceEncapsulation(),
                    sa.engine.random()));
        }
        return payloads;
    }

    @Override
    public void onResponse(IkeHeader header, byte[] datagram, List<Payload> payloads) {
        List<NotifyPayload> notifies = payloads.stream().filter(NotifyPayload.class::isInstance)
                .map(NotifyPayload.class::cast).toList();
        Optional<NotifyPayload> cookieNotify = notifies.stream().filter(n -> n.is(NotifyType.COOKIE)).findFirst();
        if (cookieNotify.isPresent() && cookie.isEmpty()) {
            cookie = Optional.of(cookieNotify.get().data());
            sa.restartInit(this);
            return;
        }
        Optional<NotifyPayload> invalidKe = notifies.stream().filter(n -> n.is(NotifyType.INVALID_KE_PAYLOAD)).findFirst();
        if (invalidKe.isPresent()) {
            byte[] data = invalidKe.get().data();
            int wanted = data.length == 2 ? ((data[0] & 0xff) << 8) | (data[1] & 0xff) : -1;
            Optional<DiffieHellmanGroup> acceptable = sa.tunnel.config.ike().dhGroups().stream()
                    .filter(g -> g.transformId() == wanted && g != group).findFirst();
            if (acceptable.isEmpty() || retriedGroup) {
                sa.fail("phase 1 negotiation failed: INVALID_KE_PAYLOAD (peer wants DH group " + wanted + ")");
                return;
            }
            retriedGroup = true;
            group = acceptable.get();
            sa.restartInit(this);
            return;
        }
        Optional<NotifyPayload> error = notifies.stream().filter(NotifyPayload::isError).findFirst();
        if (error.isPresent()) {
            sa.fail("phase 1 negotiation failed: " + NotifyType.describe(error.get().messageType()));
            return;
        }
        Optional<SecurityAssociationPayload> saPayload = first(payloads, SecurityAssociationPayload.class);
        Optional<KeyExchangePayload> ke = first(payloads, KeyExchangePayload.class);
        Optional<NoncePayload> nonce = first(payloads, NoncePayload.class);
        if (saPayload.isEmpty() || ke.isEmpty() || nonce.isEmpty() || header.responderSpi() == 0
                || saPayload.get().proposals().size() != 1) {
            sa.fail("phase 1 negotiation failed: INVALID_SYNTAX (incomplete IKE_SA_INIT response)");
            return;
        }
        TunnelConfig.IkeSettings ike = sa.tunnel.config.ike();
        Optional<IkeSaTransforms> suite = ProposalSelection.acceptedIke(saPayload.get().proposals().getFirst())
                .filter(s -> s.encryption() == ike.encryption() && s.prf() == ike.prf()
                        && s.integrity().equals(ike.integrity()) && s.group() == group);
        if (suite.isEmpty() || ke.get().dhGroup() != group.transformId()) {
            sa.fail("phase 1 negotiation failed: NO_PROPOSAL_CHOSEN (peer accepted a proposal we did not offer)");
            return;
        }
        byte[] sharedSecret;
        try {
            sharedSecret = keyExchange.sharedSecret(ke.get().keyData());
        } catch (InvalidKeyExchangeValueException e) {
            sa.fail("phase 1 negotiation failed: invalid KE value from peer");
            return;
        }
        sa.spiR = header.responderSpi();
        sa.nonceR = nonce.get().nonce();
        sa.initResponse = datagram;
        sa.keys = IkeSaProtection.fromInitialExchange(suite.get(), sharedSecret, sa.nonceI, sa.nonceR, sa.spiI, sa.spiR,
                sa.engine.random());
        if (sa.tunnel.config.natTraversal()) {
            sa.natDetected = NatDetection.natDetected(payloads, sa.spiI, sa.spiR, sa.local, sa.remote)
                    || (sa.tunnel.config.forceEncapsulation() && NatDetection.peerSupportsNatT(payloads));
            if (sa.natDetected) {
                int natPort = sa.engine.settings().natTraversalPort();
                sa.local = new InetSocketAddress(sa.local.getAddress(), natPort);
                sa.remote = new InetSocketAddress(sa.remote.getAddress(), natPort);
            }
        }
        sa.tunnel.progress("phase 1 negotiating (IKE_AUTH)");
        sa.queue(new IkeAuthExchange(sa));
    }

    static <T extends Payload> Optional<T> first(List<Payload> payloads, Class<T> type) {
        return payloads.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Responder side: a new IKE_SA_INIT request (SPIr = 0). */
    static void respond(IkeEngine engine, InetSocketAddress local, InetSocketAddress remote, byte[] datagram,
                        IkeMessage request) {
        IkeHeader header = request.header();
        Optional<IkeSa> existing = engine.responderSaFor(remote, header.initiatorSpi());
        if (existing.isPresent()) {
            if (existing.get().initResponse != null && java.util.Arrays.equals(existing.get().initRequest, datagram)) {
                engine.send(existing.get(), existing.get().initResponse);
            }
            return;
        }
        Optional<Tunnel> found = engine.tunnelFor(local, remote);
        if (found.isEmpty() || found.get().terminated()) {
            return; // not a peer of ours: stay silent rather than help scanners
        }
        Tunnel tunnel = found.get();
        TunnelConfig config = tunnel.config;
        List<Payload> payloads = request.payloads();
        Optional<SecurityAssociationPayload> saPayload = first(payloads, SecurityAssociationPayload.class);
        Optional<KeyExchangePayload> ke = first(payloads, KeyExchangePayload.class);
        Optional<NoncePayload> nonce = first(payloads, NoncePayload.class);
        if (saPayload.isEmpty() || ke.isEmpty() || nonce.isEmpty()) {
            engine.sendUnprotected(local, remote, header, List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX)));
            return;
        }
        if (engine.halfOpenSas() >= engine.settings().cookieThreshold()) {
            // Under (possible) attack: no state and no DH work until the initiator proves its address.
            byte[] expected = engine.cookie(nonce.get().nonce(), remote, header.initiatorSpi());
            boolean valid = payloads.getFirst() instanceof NotifyPayload n && n.is(NotifyType.COOKIE)
                    && java.security.MessageDigest.isEqual(n.data(), expected);
            if (!valid) {
                engine.sendUnprotected(local, remote, header, List.of(NotifyPayload.of(NotifyType.COOKIE, expected)));
                return;
            }
        }
        TunnelConfig.IkeSettings ike = config.ike();
        Optional<ProposalSelection.IkeMatch> match = ProposalSelection.selectIke(saPayload.get().proposals(),
                ike.encryption(), ike.prf(), ike.integrity(), ike.dhGroups(), ke.get().dhGroup());
        if (match.isEmpty()) {
            tunnel.failed("phase 1 negotiation failed: NO_PROPOSAL_CHOSEN (no proposal of the peer matches "
                    + new IkeSaTransforms(ike.encryption(), ike.prf(), ike.integrity(), ike.dhGroups().getFirst()) + ")");
            engine.sendUnprotected(local, remote, header, List.of(NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN)));
            return;
        }
        DiffieHellmanGroup group = match.get().suite().group();
        if (group.transformId() != ke.get().dhGroup()) {
            byte[] wanted = {(byte) (group.transformId() >>> 8), (byte) group.transformId()};
            engine.sendUnprotected(local, remote, header,
                    List.of(NotifyPayload.of(NotifyType.INVALID_KE_PAYLOAD, wanted)));
            return;
        }
        KeyExchange keyExchange = engine.newKeyExchange(group);
        byte[] sharedSecret;
        try {
            sharedSecret = keyExchange.sharedSecret(ke.get().keyData());
        } catch (InvalidKeyExchangeValueException e) {
            engine.sendUnprotected(local, remote, header, List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX)));
            return;
        }
        IkeSa sa = new IkeSa(engine, tunnel, false, header.initiatorSpi(), engine.newIkeSpi(), local, remote);
        sa.nonceI = nonce.get().nonce();
        sa.nonceR = engine.newNonce();
        sa.initRequest = datagram;
        sa.keys = IkeSaProtection.fromInitialExchange(match.get().suite(), sharedSecret, sa.nonceI, sa.nonceR, sa.spiI,
                sa.spiR, engine.random());
        List<Payload> response = new ArrayList<>();
        response.add(new SecurityAssociationPayload(List.of(ProposalSelection.answerIke(match.get(), new byte[0]))));
        response.add(new KeyExchangePayload(group.transformId(), keyExchange.publicValue()));
        response.add(new NoncePayload(sa.nonceR));
        if (config.natTraversal() && NatDetection.peerSupportsNatT(payloads)) {
            sa.natDetected = NatDetection.natDetected(payloads, sa.spiI, 0, local, remote)
                    || config.forceEncapsulation();
            response.addAll(NatDetection.notifies(sa.spiI, sa.spiR, local, remote, config.forceEncapsulation(),
                    engine.random()));
        }
        IkeHeader responseHeader = new IkeHeader(sa.spiI, sa.spiR, ExchangeType.IKE_SA_INIT, false, true, 0);
        sa.initResponse = new IkeMessage(responseHeader, response).encode();
        sa.expectFirstRequest();
        engine.register(sa);
        engine.send(sa, sa.initResponse);
        // A half-open SA that never authenticates must not linger (nor keep the tunnel busy).
        sa.addTimer(engine.scheduler().schedule(engine.settings().halfOpenTimeout(), () -> {
            if (sa.state() instanceof IkeSaState.Authenticating) {
                sa.close("half-open SA timed out", false, false);
            }
        }));
        tunnel.progress("phase 1 negotiating (IKE_AUTH)");
    }
}
