package io.vpnplane.agent.ikev1;

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
import io.vpnplane.agent.ikev1.message.PayloadType;
import io.vpnplane.agent.ikev1.message.SecurityAssociationPayload;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Aggressive mode with pre-shared keys (RFC 2409 §5.4), both roles; the mode for FQDN identities:
 * <pre>
 * 1 I→R  SA, KE, Ni, IDii, VID(NAT-T), VID(DPD)
 * 2 R→I  SA, KE, Nr, IDir, HASH_R, NAT-D, NAT-D, VID(NAT-T), VID(DPD)
 * 3 I→R  * HASH_I, NAT-D, NAT-D [, N(INITIAL-CONTACT)]
 * </pre>
 * Message 3 is encrypted (strongSwan requires its HASH encrypted) and goes to UDP 4500 when a NAT was
 * seen in message 2. Only the first configured DH group is offered: its KE travels with the offer.
 */
final class AggressiveModeExchange implements Phase1Exchange {

    enum Step { START, FIRST_SENT, SECOND_SENT, DONE }

    private final IsakmpSa sa;
    private final Phase1Material material;
    private final Flight flight;
    private Step step = Step.START;
    private IdentificationPayload peerId;
    private byte[] peerIdBody;

    AggressiveModeExchange(IsakmpSa sa) {
        this.sa = sa;
        this.material = new Phase1Material(sa);
        this.flight = new Flight(sa, ExchangeType.name(ExchangeType.AGGRESSIVE));
    }

    private IsakmpHeader header(int flags) {
        return new IsakmpHeader(sa.cookieI, sa.cookieR, ExchangeType.AGGRESSIVE, flags, 0);
    }

    @Override
    public void start() {
        SecurityAssociationPayload offer = material.offer(true);
        material.initiatorSaBody = offer.body();
        material.nonceI = material.newNonce();
        List<Payload> payloads = new ArrayList<>(List.of(offer, new KeyExchangePayload(material.ourPublicValue()),
                new NoncePayload(material.nonceI), material.ourIdentity()));
        payloads.addAll(Phase1Material.vendorIds());
        flight.sendExpectingAnswer(new IsakmpMessage(header(0), payloads).encode());
        step = Step.FIRST_SENT;
        sa.tunnel.progress("phase 1 negotiating (aggressive mode)");
    }

    @Override
    public void stop() {
        flight.stop();
    }

    @Override
    public void receive(InetSocketAddress local, InetSocketAddress remote, IsakmpHeader header, byte[] datagram) {
        if (flight.answerRetransmission(datagram)) {
            return;
        }
        try {
            switch (step) {
                case FIRST_SENT -> {
                    if (sa.initiator && !header.encrypted()) {
                        initiatorReceivesSecond(header, datagram);
                    }
                }
                case START -> {
                    if (!sa.initiator && !header.encrypted()) {
                        responderReceivesFirst(datagram);
                    }
                }
                case SECOND_SENT -> responderReceivesThird(local, remote, header, datagram);
                default -> { }
            }
        } catch (IsakmpDecodeException e) {
            sa.dropped("malformed aggressive mode message: " + e.getMessage());
        }
    }

    private void initiatorReceivesSecond(IsakmpHeader header, byte[] datagram) throws IsakmpDecodeException {
        IsakmpMessage.Received received = IsakmpMessage.decode(datagram);
        IsakmpMessage message = received.message();
        Optional<SecurityAssociationPayload> chosen = message.first(SecurityAssociationPayload.class);
        Optional<KeyExchangePayload> ke = message.first(KeyExchangePayload.class);
        Optional<NoncePayload> nonce = message.first(NoncePayload.class);
        Optional<IdentificationPayload> id = message.first(IdentificationPayload.class);
        Optional<byte[]> idBody = received.receivedBody(PayloadType.IDENTIFICATION);
        if (chosen.isEmpty() || ke.isEmpty() || nonce.isEmpty() || id.isEmpty() || idBody.isEmpty()) {
            sa.dropped("incomplete aggressive mode message 2");
            return;
        }
        flight.stop();
        if (!material.accept(chosen.get()) || sa.suite.group() != material.keyExchange.group()) {
            sa.fail("phase 1 negotiation failed: NO_PROPOSAL_CHOSEN (peer accepted a proposal we did not offer)");
            return;
        }
        sa.cookieR = header.responderCookie();
        material.noteVendorIds(message);
        material.nonceR = nonce.get().data();
        if (!material.deriveKeys(ke.get().data())) {
            sa.fail("phase 1 negotiation failed: invalid KE value from peer");
            return;
        }
        if (!material.authenticatePeer(id.get(), idBody.get(), message, false)) {
            return;
        }
        material.detectNat(message);
        if (sa.natDetected) {
            sa.floatToNatTraversalPort();
        }
        sa.authenticating();
        IdentificationPayload ours = material.ourIdentity();
        List<Payload> payloads = new ArrayList<>();
        payloads.add(new HashPayload(material.hashI(ours.body())));
        if (sa.natTraversal) {
            payloads.addAll(material.natDiscovery());
        }
        material.initialContact().ifPresent(payloads::add);
        flight.sendFinal(new IsakmpMessage(header(IsakmpHeader.FLAG_ENCRYPTION), payloads).encode(sa.phase1Chain),
                datagram);
        step = Step.DONE;
        sa.phase1Complete();
    }

    private void responderReceivesFirst(byte[] datagram) throws IsakmpDecodeException {
        IsakmpMessage.Received received = IsakmpMessage.decode(datagram);
        IsakmpMessage message = received.message();
        Optional<SecurityAssociationPayload> offered = message.first(SecurityAssociationPayload.class);
        Optional<KeyExchangePayload> ke = message.first(KeyExchangePayload.class);
        Optional<NoncePayload> nonce = message.first(NoncePayload.class);
        Optional<IdentificationPayload> id = message.first(IdentificationPayload.class);
        Optional<byte[]> idBody = received.receivedBody(PayloadType.IDENTIFICATION);
        if (offered.isEmpty() || ke.isEmpty() || nonce.isEmpty() || id.isEmpty() || idBody.isEmpty()) {
            sa.dropped("incomplete aggressive mode message 1");
            return;
        }
        Optional<SecurityAssociationPayload> chosen = material.choose(offered.get());
        if (chosen.isEmpty()) {
            sa.sendPlainNotify(NotificationPayload.NO_PROPOSAL_CHOSEN);
            sa.fail("phase 1 negotiation failed: NO_PROPOSAL_CHOSEN (none of the peer's proposals matches ours)");
            return;
        }
        if (!material.isExpectedPeer(id.get())) {
            sa.sendPlainNotify(NotificationPayload.INVALID_ID_INFORMATION);
            sa.fail("phase 1 negotiation failed: AUTHENTICATION_FAILED (peer identity "
                    + Phase1Material.describe(id.get()) + ", expected " + sa.tunnel.config.ike().remoteId() + ")");
            return;
        }
        peerId = id.get();
        peerIdBody = idBody.get();
        material.initiatorSaBody = received.receivedBody(PayloadType.SECURITY_ASSOCIATION).orElseThrow();
        material.noteVendorIds(message);
        material.nonceI = nonce.get().data();
        material.nonceR = material.newNonce();
        material.ourPublicValue();
        if (!material.deriveKeys(ke.get().data())) {
            sa.fail("phase 1 negotiation failed: invalid KE value from peer");
            return;
        }
        IdentificationPayload ours = material.ourIdentity();
        List<Payload> payloads = new ArrayList<>(List.of(chosen.get(), new KeyExchangePayload(material.ourPublicValue()),
                new NoncePayload(material.nonceR), ours, new HashPayload(material.hashR(ours.body()))));
        if (sa.natTraversal) {
            payloads.addAll(material.natDiscovery());
        }
        payloads.addAll(Phase1Material.vendorIds());
        flight.sendExpectingAnswer(new IsakmpMessage(header(0), payloads).encode(), datagram);
        step = Step.SECOND_SENT;
        sa.authenticating();
        sa.tunnel.progress("phase 1 negotiating (aggressive mode)");
    }

    private void responderReceivesThird(InetSocketAddress local, InetSocketAddress remote, IsakmpHeader header,
                                        byte[] datagram) {
        IsakmpMessage.Received received;
        try {
            received = header.encrypted() ? IsakmpMessage.decode(datagram, sa.phase1Chain) : IsakmpMessage.decode(datagram);
        } catch (IsakmpDecodeException e) {
            flight.stop();
            sa.fail("phase 1 negotiation failed: AUTHENTICATION_FAILED (cannot decrypt the peer's aggressive mode "
                    + "message 3: pre-shared key mismatch)");
            return;
        }
        flight.stop();
        if (!material.authenticatePeer(peerId, peerIdBody, received.message(), true)) {
            return;
        }
        if (header.encrypted()) {
            sa.phase1Chain.confirm();
        }
        material.detectNat(received.message());
        if (local.getPort() == sa.engine.settings().natTraversalPort()) {
            sa.local = local;
            sa.remote = remote;
        }
        step = Step.DONE;
        sa.phase1Complete();
    }
}
