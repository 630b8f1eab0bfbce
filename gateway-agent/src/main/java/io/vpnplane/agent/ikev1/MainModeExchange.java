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
 * Main mode with pre-shared keys (RFC 2409 §5.4), both roles:
 * <pre>
 * 1 I→R  SA, VID(NAT-T), VID(DPD)          2 R→I  SA, VID(NAT-T), VID(DPD)
 * 3 I→R  KE, Ni, NAT-D, NAT-D              4 R→I  KE, Nr, NAT-D, NAT-D
 * 5 I→R  * IDii, HASH_I [, N(INITIAL-CONTACT)]  6 R→I  * IDir, HASH_R
 * </pre>
 * With a NAT (or forced encapsulation) both ends move to UDP 4500 from message 5 on (RFC 3947 §4).
 */
final class MainModeExchange implements Phase1Exchange {

    /** What this side last did; each received message is only accepted in the one step that expects it. */
    enum Step { START, SA_SENT, KE_SENT, ID_SENT, DONE }

    private final IsakmpSa sa;
    private final Phase1Material material;
    private final Flight flight;
    private Step step = Step.START;

    MainModeExchange(IsakmpSa sa) {
        this.sa = sa;
        this.material = new Phase1Material(sa);
        this.flight = new Flight(sa, ExchangeType.name(ExchangeType.MAIN));
    }

    @Override
    public void start() {
        SecurityAssociationPayload offer = material.offer(false);
        material.initiatorSaBody = offer.body();
        List<Payload> payloads = new ArrayList<>();
        payloads.add(offer);
        payloads.addAll(Phase1Material.vendorIds());
        flight.sendExpectingAnswer(new IsakmpMessage(header(), payloads).encode());
        step = Step.SA_SENT;
        sa.tunnel.progress("phase 1 negotiating (main mode)");
    }

    private IsakmpHeader header() {
        return new IsakmpHeader(sa.cookieI, sa.cookieR, ExchangeType.MAIN, 0, 0);
    }

    private IsakmpHeader encryptedHeader() {
        return new IsakmpHeader(sa.cookieI, sa.cookieR, ExchangeType.MAIN, IsakmpHeader.FLAG_ENCRYPTION, 0);
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
            if (sa.initiator) {
                receiveAsInitiator(header, datagram);
            } else {
                receiveAsResponder(local, remote, header, datagram);
            }
        } catch (IsakmpDecodeException e) {
            sa.dropped("malformed main mode message: " + e.getMessage());
        }
    }

    private void receiveAsInitiator(IsakmpHeader header, byte[] datagram) throws IsakmpDecodeException {
        switch (step) {
            case SA_SENT -> {
                IsakmpMessage message = IsakmpMessage.decode(datagram).message();
                Optional<SecurityAssociationPayload> chosen = message.first(SecurityAssociationPayload.class);
                if (chosen.isEmpty() || !material.accept(chosen.get())) {
                    flight.stop();
                    sa.fail("phase 1 negotiation failed: NO_PROPOSAL_CHOSEN (peer accepted a proposal we did not offer)");
                    return;
                }
                flight.stop();
                sa.cookieR = header.responderCookie();
                material.noteVendorIds(message);
                material.nonceI = material.newNonce();
                List<Payload> payloads = new ArrayList<>(List.of(new KeyExchangePayload(material.ourPublicValue()),
                        new NoncePayload(material.nonceI)));
                if (sa.natTraversal) {
                    payloads.addAll(material.natDiscovery());
                }
                flight.sendExpectingAnswer(new IsakmpMessage(header(), payloads).encode());
                step = Step.KE_SENT;
            }
            case KE_SENT -> {
                if (header.encrypted()) {
                    return;
                }
                IsakmpMessage message = IsakmpMessage.decode(datagram).message();
                Optional<KeyExchangePayload> ke = message.first(KeyExchangePayload.class);
                Optional<NoncePayload> nonce = message.first(NoncePayload.class);
                if (ke.isEmpty() || nonce.isEmpty()) {
                    sa.dropped("main mode message 4 without KE or nonce");
                    return;
                }
                flight.stop();
                material.nonceR = nonce.get().data();
                if (!material.deriveKeys(ke.get().data())) {
                    sa.fail("phase 1 negotiation failed: invalid KE value from peer");
                    return;
                }
                material.detectNat(message);
                if (sa.natDetected) {
                    sa.floatToNatTraversalPort();
                }
                IdentificationPayload id = material.ourIdentity();
                byte[] hashI = material.hashI(id.body());
                List<Payload> payloads = new ArrayList<>(List.of(id, new HashPayload(hashI)));
                material.initialContact().ifPresent(payloads::add);
                flight.sendExpectingAnswer(new IsakmpMessage(encryptedHeader(), payloads).encode(sa.phase1Chain));
                step = Step.ID_SENT;
                sa.authenticating();
            }
            case ID_SENT -> {
                if (!header.encrypted()) {
                    return;
                }
                IsakmpMessage.Received received;
                try {
                    received = IsakmpMessage.decode(datagram, sa.phase1Chain);
                } catch (IsakmpDecodeException e) {
                    flight.stop();
                    sa.fail("phase 1 negotiation failed: AUTHENTICATION_FAILED (cannot decrypt the peer's main mode "
                            + "message 6: pre-shared key mismatch)");
                    return;
                }
                if (!verifyPeer(received, false)) {
                    flight.stop();
                    return;
                }
                flight.stop();
                sa.phase1Chain.confirm();
                step = Step.DONE;
                sa.phase1Complete();
            }
            default -> { }
        }
    }

    private void receiveAsResponder(InetSocketAddress local, InetSocketAddress remote, IsakmpHeader header,
                                    byte[] datagram) throws IsakmpDecodeException {
        switch (step) {
            case START -> {
                IsakmpMessage.Received received = IsakmpMessage.decode(datagram);
                Optional<SecurityAssociationPayload> offered = received.message().first(SecurityAssociationPayload.class);
                Optional<SecurityAssociationPayload> chosen = offered.flatMap(material::choose);
                if (chosen.isEmpty()) {
                    sa.sendPlainNotify(NotificationPayload.NO_PROPOSAL_CHOSEN);
                    sa.fail("phase 1 negotiation failed: NO_PROPOSAL_CHOSEN (none of the peer's proposals matches ours)");
                    return;
                }
                material.initiatorSaBody = received.receivedBody(PayloadType.SECURITY_ASSOCIATION).orElseThrow();
                material.noteVendorIds(received.message());
                List<Payload> payloads = new ArrayList<>();
                payloads.add(chosen.get());
                payloads.addAll(Phase1Material.vendorIds());
                flight.sendFinal(new IsakmpMessage(header(), payloads).encode(), datagram);
                step = Step.SA_SENT;
                sa.tunnel.progress("phase 1 negotiating (main mode)");
            }
            case SA_SENT -> {
                if (header.encrypted()) {
                    return;
                }
                IsakmpMessage message = IsakmpMessage.decode(datagram).message();
                Optional<KeyExchangePayload> ke = message.first(KeyExchangePayload.class);
                Optional<NoncePayload> nonce = message.first(NoncePayload.class);
                if (ke.isEmpty() || nonce.isEmpty()) {
                    sa.dropped("main mode message 3 without KE or nonce");
                    return;
                }
                material.nonceI = nonce.get().data();
                material.nonceR = material.newNonce();
                material.ourPublicValue();
                if (!material.deriveKeys(ke.get().data())) {
                    sa.fail("phase 1 negotiation failed: invalid KE value from peer");
                    return;
                }
                material.detectNat(message);
                List<Payload> payloads = new ArrayList<>(List.of(new KeyExchangePayload(material.ourPublicValue()),
                        new NoncePayload(material.nonceR)));
                if (sa.natTraversal) {
                    payloads.addAll(material.natDiscovery());
                }
                flight.sendFinal(new IsakmpMessage(header(), payloads).encode(), datagram);
                step = Step.KE_SENT;
                sa.authenticating();
            }
            case KE_SENT -> {
                if (!header.encrypted()) {
                    return;
                }
                IsakmpMessage.Received received;
                try {
                    received = IsakmpMessage.decode(datagram, sa.phase1Chain);
                } catch (IsakmpDecodeException e) {
                    sa.fail("phase 1 negotiation failed: AUTHENTICATION_FAILED (cannot decrypt the peer's main mode "
                            + "message 5: pre-shared key mismatch)");
                    return;
                }
                if (!verifyPeer(received, true)) {
                    return;
                }
                sa.phase1Chain.confirm();
                if (local.getPort() == sa.engine.settings().natTraversalPort()) {
                    sa.local = local;
                    sa.remote = remote;
                }
                IdentificationPayload id = material.ourIdentity();
                List<Payload> payloads = List.of(id, new HashPayload(material.hashR(id.body())));
                flight.sendFinal(new IsakmpMessage(encryptedHeader(), payloads).encode(sa.phase1Chain), datagram);
                step = Step.DONE;
                sa.phase1Complete();
            }
            default -> { }
        }
    }

    private boolean verifyPeer(IsakmpMessage.Received received, boolean peerIsInitiator) {
        Optional<IdentificationPayload> id = received.message().first(IdentificationPayload.class);
        Optional<byte[]> idBody = received.receivedBody(PayloadType.IDENTIFICATION);
        if (id.isEmpty() || idBody.isEmpty()) {
            sa.fail("phase 1 negotiation failed: AUTHENTICATION_FAILED (cannot decrypt the peer's identity: "
                    + "pre-shared key mismatch)");
            return false;
        }
        return material.authenticatePeer(id.get(), idBody.get(), received.message(), peerIsInitiator);
    }

}
