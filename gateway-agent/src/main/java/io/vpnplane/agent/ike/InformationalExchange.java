package io.vpnplane.agent.ike;

import io.vpnplane.agent.ike.message.DeletePayload;
import io.vpnplane.agent.ike.message.ExchangeType;
import io.vpnplane.agent.ike.message.IkeHeader;
import io.vpnplane.agent.ike.message.Payload;
import io.vpnplane.agent.ike.message.ProtocolId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * INFORMATIONAL (RFC 7296 §1.4): DELETE of the IKE SA or of CHILD_SAs, and the empty request that
 * serves as liveness check (DPD).
 */
final class InformationalExchange implements Exchange {

    private final IkeSa sa;
    private final List<Payload> request;
    private final Consumer<List<Payload>> onResponse;
    private final Optional<Runnable> onGiveUp;
    private final boolean liveness;

    InformationalExchange(IkeSa sa, List<Payload> request, Consumer<List<Payload>> onResponse) {
        this(sa, request, onResponse, Optional.empty(), false);
    }

    InformationalExchange(IkeSa sa, List<Payload> request, Consumer<List<Payload>> onResponse, Runnable onGiveUp) {
        this(sa, request, onResponse, Optional.of(onGiveUp), false);
    }

    private InformationalExchange(IkeSa sa, List<Payload> request, Consumer<List<Payload>> onResponse,
                                  Optional<Runnable> onGiveUp, boolean liveness) {
        this.sa = sa;
        this.request = List.copyOf(request);
        this.onResponse = onResponse;
        this.onGiveUp = onGiveUp;
        this.liveness = liveness;
    }

    /** The empty request of RFC 7296 §2.4: retransmitted until answered; DPD alone declares the peer dead. */
    static InformationalExchange livenessCheck(IkeSa sa) {
        return new InformationalExchange(sa, List.of(), response -> { }, Optional.empty(), true);
    }

    @Override
    public boolean retransmitsUntilAnswered() {
        return liveness;
    }

    @Override
    public ExchangeType type() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Optional<Exchange> movedTo(IkeSa replacement) {
        // Deleting the old IKE SA itself means nothing on its replacement.
        boolean deletesIkeSa = request.stream().anyMatch(p -> p instanceof DeletePayload d
                && d.protocolId() == ProtocolId.IKE);
        return deletesIkeSa ? Optional.empty()
                : Optional.of(new InformationalExchange(replacement, request, onResponse, onGiveUp, liveness));
    }

    @Override
    public List<Payload> request() {
        return request;
    }

    @Override
    public void onResponse(IkeHeader header, byte[] datagram, List<Payload> payloads) {
        onResponse.accept(payloads);
    }

    @Override
    public void onGiveUp(IkeSa ikeSa) {
        onGiveUp.ifPresentOrElse(Runnable::run, () -> Exchange.super.onGiveUp(ikeSa));
    }

    /** Answers a peer's INFORMATIONAL request. */
    static List<Payload> respond(IkeSa sa, List<Payload> payloads) {
        List<Payload> response = new ArrayList<>();
        List<byte[]> deletedSpis = new ArrayList<>();
        for (Payload payload : payloads) {
            if (!(payload instanceof DeletePayload delete)) {
                continue;
            }
            if (delete.protocolId() == ProtocolId.IKE) {
                // Deleted while our crossed rekey is open: the peer's new SA wins (RFC 7296 §2.8.2).
                sa.candidate().ifPresent(peers -> IkeSaRekeyExchange.adopt(sa, peers));
                boolean carriesTunnel = sa.tunnel.current().orElse(null) == sa;
                if (carriesTunnel) {
                    sa.tunnel.status("deleted by peer");
                }
                sa.afterResponse(() -> sa.close("deleted by peer", carriesTunnel, false));
                return List.of();
            }
            if (delete.protocolId() == ProtocolId.ESP) {
                for (byte[] spi : delete.spis()) {
                    // The peer names its inbound SPI, which is our outbound one (RFC 7296 §3.11).
                    sa.tunnel.childByOutboundSpi(ProposalSelection.spiOf(spi)).ifPresent(child -> {
                        deletedSpis.add(ProposalSelection.spiBytes(child.inboundSpi()));
                        sa.tunnel.removeChild(child);
                        if (sa.tunnel.children().isEmpty()) {
                            sa.tunnel.status("phase 2 SA deleted by peer");
                        }
                    });
                }
            }
        }
        if (!deletedSpis.isEmpty()) {
            response.add(DeletePayload.esp(deletedSpis));
        }
        return response;
    }
}
