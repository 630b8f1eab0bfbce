package io.vpnplane.events.tunnel;

import java.time.Instant;
import java.util.Optional;

import io.vpnplane.events.EventType;

/**
 * The negotiation status of a tunnel as its gateway node observes it (REQ-GW-002, REQ-TUN-012): published on every
 * change, including a DPD timeout (REQ-TUN-006, status back to {@code IKE_SA_NOT_ESTABLISHED} with the reason).
 * routing-service treats a tunnel as negotiated exactly when {@code status} is {@code IPSEC_SA_ESTABLISHED}.
 *
 * @param connectionId  the IPsec connection the tunnel belongs to
 * @param vpnGatewayId  the connection's VPN gateway, when attached to one
 * @param status        the negotiation state, in the seed-A cloud's vocabulary
 * @param failureReason why negotiation failed or the SA went down, e.g. {@code "DPD timeout"}, {@code "AUTHENTICATION_FAILED"}
 * @param observedAt    when the agent observed the change; a consumer ignores an event older than the last one applied
 *                      for the tunnel (Kafka may redeliver, producers may restart)
 */
@EventType(value = "io.vpnplane.tunnel.status-changed", version = 1)
public record TunnelStatusChanged(
        String tunnelId,
        String connectionId,
        Optional<String> vpnGatewayId,
        NegotiationStatus status,
        Optional<String> failureReason,
        Instant observedAt) implements TunnelEvent {

    public enum NegotiationStatus {
        IKE_SA_NOT_ESTABLISHED,
        IKE_SA_ESTABLISHED,
        IPSEC_SA_NOT_ESTABLISHED,
        IPSEC_SA_ESTABLISHED
    }
}
