package io.vpnplane.agent.ike;

import static io.vpnplane.agent.ike.IkeSaInitExchange.first;

import io.vpnplane.agent.ike.message.AuthenticationPayload;
import io.vpnplane.agent.ike.message.ExchangeType;
import io.vpnplane.agent.ike.message.IdentificationPayload;
import io.vpnplane.agent.ike.message.IkeHeader;
import io.vpnplane.agent.ike.message.NotifyPayload;
import io.vpnplane.agent.ike.message.NotifyType;
import io.vpnplane.agent.ike.message.Payload;
import io.vpnplane.agent.ike.message.SecurityAssociationPayload;
import io.vpnplane.agent.ike.message.TrafficSelectorPayload;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** IKE_AUTH with pre-shared keys (RFC 7296 §1.2, §2.15) and the first CHILD_SA inside it. */
final class IkeAuthExchange implements Exchange {

    private final IkeSa sa;
    private final int childSpi;

    IkeAuthExchange(IkeSa sa) {
        this.sa = sa;
        this.childSpi = sa.engine.newChildSpi();
    }

    @Override
    public ExchangeType type() {
        return ExchangeType.IKE_AUTH;
    }

    @Override
    public List<Payload> request() {
        TunnelConfig config = sa.tunnel.config;
        IdentificationPayload idi = new IdentificationPayload(true, config.ike().localId().idType(),
                config.ike().localId().encoded());
        byte[] auth = sa.keys.sharedKeyAuth(config.psk(), true, sa.initRequest, sa.nonceR, idi.body());
        List<Payload> payloads = new ArrayList<>();
        payloads.add(idi);
        payloads.add(NotifyPayload.of(NotifyType.INITIAL_CONTACT));
        payloads.add(new IdentificationPayload(false, config.ike().remoteId().idType(), config.ike().remoteId().encoded()));
        payloads.add(new AuthenticationPayload(AuthenticationPayload.SHARED_KEY_MIC, auth));
        payloads.addAll(ChildSaExchange.offer(sa, childSpi, config.localSelectorsAsTs(), config.remoteSelectorsAsTs(), false));
        return payloads;
    }

    @Override
    public void onResponse(IkeHeader header, byte[] datagram, List<Payload> payloads) {
        TunnelConfig config = sa.tunnel.config;
        Optional<IdentificationPayload> idr = first(payloads, IdentificationPayload.class).filter(id -> !id.initiator());
        Optional<AuthenticationPayload> auth = first(payloads, AuthenticationPayload.class);
        if (idr.isEmpty() || auth.isEmpty()) {
            String reason = payloads.stream().filter(p -> p instanceof NotifyPayload n && n.isError())
                    .map(p -> NotifyType.describe(((NotifyPayload) p).messageType())).findFirst()
                    .orElse("INVALID_SYNTAX");
            String detail = reason.equals("AUTHENTICATION_FAILED")
                    ? " (the peer rejected our pre-shared key or identity)" : "";
            sa.fail("phase 1 negotiation failed: " + reason + detail);
            return;
        }
        if (!config.ike().remoteId().matches(idr.get())) {
            sa.fail("phase 1 negotiation failed: AUTHENTICATION_FAILED (peer identity "
                    + Identity.describe(idr.get()) + ", expected " + config.ike().remoteId() + ")");
            return;
        }
        byte[] expected = sa.keys.sharedKeyAuth(config.psk(), false, sa.initResponse, sa.nonceI, idr.get().body());
        if (auth.get().method() != AuthenticationPayload.SHARED_KEY_MIC
                || !MessageDigest.isEqual(expected, auth.get().authData())) {
            sa.fail("phase 1 negotiation failed: AUTHENTICATION_FAILED (the peer's AUTH does not match our pre-shared key)");
            return;
        }
        sa.established();
        if (!sa.tunnel.adopt(sa)) {
            sa.delete("duplicate of the peer's IKE SA", false);
            return;
        }
        sa.tunnel.ikeSaEstablished++;
        sa.tunnel.progress("phase 1 negotiation succeeded");
        ChildSaExchange.acceptAnswer(sa, Optional.empty(), childSpi, payloads, new byte[0], sa.nonceI, sa.nonceR,
                config.localSelectorsAsTs(), config.remoteSelectorsAsTs(), true);
    }

    /** Responder: verify the initiator, answer with our AUTH and the first CHILD_SA (or why not). */
    static List<Payload> respond(IkeSa sa, List<Payload> payloads) {
        if (!(sa.state() instanceof IkeSaState.Authenticating) || sa.originalInitiator) {
            return List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
        }
        TunnelConfig config = sa.tunnel.config;
        Optional<IdentificationPayload> idi = first(payloads, IdentificationPayload.class).filter(IdentificationPayload::initiator);
        Optional<AuthenticationPayload> auth = first(payloads, AuthenticationPayload.class);
        if (idi.isEmpty() || auth.isEmpty()) {
            sa.afterResponse(() -> sa.close("invalid IKE_AUTH", false, false));
            return List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
        }
        byte[] expected = sa.keys.sharedKeyAuth(config.psk(), true, sa.initRequest, sa.nonceR, idi.get().body());
        boolean idOk = config.ike().remoteId().matches(idi.get());
        if (!idOk || auth.get().method() != AuthenticationPayload.SHARED_KEY_MIC
                || !MessageDigest.isEqual(expected, auth.get().authData())) {
            sa.tunnel.failed("phase 1 negotiation failed: AUTHENTICATION_FAILED (" + (idOk
                    ? "the peer's AUTH does not match our pre-shared key"
                    : "peer identity " + Identity.describe(idi.get()) + ", expected " + config.ike().remoteId()) + ")");
            sa.afterResponse(() -> sa.close("authentication failed", false, false));
            return List.of(NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED));
        }
        IdentificationPayload idr = new IdentificationPayload(false, config.ike().localId().idType(),
                config.ike().localId().encoded());
        byte[] ourAuth = sa.keys.sharedKeyAuth(config.psk(), false, sa.initResponse, sa.nonceI, idr.body());
        sa.established();
        if (!sa.tunnel.adopt(sa)) {
            // Both ends initiated and ours wins: authenticate, create no CHILD_SA, delete this one.
            sa.afterResponse(() -> sa.delete("duplicate of our own IKE SA", false));
            return List.of(idr, new AuthenticationPayload(AuthenticationPayload.SHARED_KEY_MIC, ourAuth),
                    NotifyPayload.of(NotifyType.TEMPORARY_FAILURE));
        }
        sa.tunnel.ikeSaEstablished++;
        sa.tunnel.progress("phase 1 negotiation succeeded");
        List<Payload> response = new ArrayList<>();
        response.add(idr);
        response.add(new AuthenticationPayload(AuthenticationPayload.SHARED_KEY_MIC, ourAuth));
        response.addAll(ChildSaExchange.answer(sa, Optional.empty(), payloads, new byte[0], sa.nonceI, sa.nonceR, true));
        return response;
    }
}
