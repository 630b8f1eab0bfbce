package io.vpnplane.agent.managed;

import java.util.List;
import java.util.Optional;

import io.vpnplane.events.bgp.BgpPathKind;
import io.vpnplane.events.bgp.BgpSessionConfigured;

/** Session configurations as bgp-service publishes them, for tests. */
final class BgpSessionConfigs {

    private BgpSessionConfigs() {
    }

    /** A leased-line session (the VBR of seed 002): it names its node. */
    static BgpSessionConfigured leasedLine(String sessionId, String nodeId, String peerAddress, List<String> advertised) {
        return new BgpSessionConfigured(sessionId, "acc-1", "vpn-1", BgpPathKind.LEASED_LINE, 45104, 65530, "10.100.0.1", peerAddress,
                Optional.of(nodeId), Optional.empty(), Optional.empty(), advertised);
    }

    /** An IPsec session: no node, it runs where its tunnel runs (REQ-TUN-008). */
    static BgpSessionConfigured ipsec(String tunnelId, String localAddress, String peerAddress, List<String> advertised) {
        return new BgpSessionConfigured("bgp-" + tunnelId, "acc-1", "vpn-1", BgpPathKind.IPSEC, 45104, 65530, localAddress,
                peerAddress, Optional.empty(), Optional.of("conn-1"), Optional.of(tunnelId), advertised);
    }
}
