package io.vpnplane.connection.ipsec;

import java.util.Optional;

/** What a connection hangs off (REQ-CONN-002). */
public sealed interface Attachment {

    AttachmentType type();

    record None() implements Attachment {
        @Override
        public AttachmentType type() {
            return AttachmentType.NONE;
        }
    }

    record ToVpnGateway(String vpnGatewayId) implements Attachment {
        @Override
        public AttachmentType type() {
            return AttachmentType.VPN_GATEWAY;
        }
    }

    /** A transit router of a CEN instance, possibly another account's (REQ-MOD-005). */
    record ToTransitRouter(String cenInstanceId, String transitRouterId, Optional<String> zone)
            implements Attachment {
        @Override
        public AttachmentType type() {
            return AttachmentType.TRANSIT_ROUTER;
        }
    }
}
