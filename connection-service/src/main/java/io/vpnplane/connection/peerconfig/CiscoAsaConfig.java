package io.vpnplane.connection.peerconfig;

import java.util.Map;

import io.vpnplane.connection.ipsec.PreSharedKey;
import io.vpnplane.events.connection.IpsecConnectionState;

/**
 * Cisco ASA (9.x) commands for the on-premises side, route-based: one VTI per tunnel protected by an IPsec
 * profile, and the BGP neighbour over the tunnel's inner addresses when BGP is on (as the leased-line standby
 * example of seed 002 uses).
 */
final class CiscoAsaConfig {

    private static final String GATEWAY_IP = "CLOUD_GATEWAY_IP";

    private final IpsecConnectionState connection;
    private final Map<String, PreSharedKey> keys;
    private final Map<String, String> gatewayIps;
    private final StringBuilder out = new StringBuilder();

    CiscoAsaConfig(IpsecConnectionState connection, Map<String, PreSharedKey> keys, Map<String, String> gatewayIps) {
        this.connection = connection;
        this.keys = keys;
        this.gatewayIps = gatewayIps;
    }

    String render() {
        line("! vpnplane peer configuration of IPsec connection " + connection.id() + " for Cisco ASA 9.x");
        if (!gatewayIps.keySet().containsAll(connection.tunnels().stream().map(IpsecConnectionState.Tunnel::id).toList())) {
            line("! " + GATEWAY_IP + "_<n>: " + PeerSide.GATEWAY_IP_PENDING + ".");
        }
        line("! Interface 'outside' is the ASA's internet-facing interface; adjust if yours differs.");
        int n = 1;
        for (IpsecConnectionState.Tunnel tunnel : connection.tunnels()) {
            tunnel(tunnel, n++);
        }
        return out.toString();
    }

    private void tunnel(IpsecConnectionState.Tunnel tunnel, int n) {
        IpsecConnectionState.Ike ike = tunnel.ike();
        IpsecConnectionState.Ipsec ipsec = tunnel.ipsec();
        boolean v2 = ike.version().equals("ikev2");
        String peer = gatewayIps.getOrDefault(tunnel.id(), GATEWAY_IP + "_" + n);
        String psk = keys.get(tunnel.id()).reveal();
        line("!");
        line("! ---- tunnel " + n + ": " + tunnel.id());
        if (v2) {
            line("crypto ikev2 policy " + (10 * n));
            line(" encryption " + asaCipher(ike.encryption()));
            line(" integrity " + asaIkeHash(ike.integrity()));
            line(" group " + ike.dhGroup().replace("group", ""));
            line(" prf " + asaIkeHash(ike.integrity()));
            line(" lifetime seconds " + Math.max(120, ike.lifetimeSeconds()));
            line("crypto ikev2 enable outside");
            line("crypto ipsec ikev2 ipsec-proposal VPNPLANE-" + n);
            line(" protocol esp encryption " + asaCipher(ipsec.encryption()));
            line(" protocol esp integrity " + asaEspHash(ipsec.integrity()));
        } else {
            line("crypto ikev1 policy " + (10 * n));
            line(" authentication pre-share");
            line(" encryption " + asaCipher(ike.encryption()));
            line(" hash " + asaIkeHash(ike.integrity()));
            line(" group " + ike.dhGroup().replace("group", ""));
            line(" lifetime " + Math.max(120, ike.lifetimeSeconds()));
            line("crypto ikev1 enable outside");
            line("crypto ipsec ikev1 transform-set VPNPLANE-" + n + " esp-" + asaCipher(ipsec.encryption())
                    + " esp-" + asaIkeHash(ipsec.integrity()) + "-hmac");
        }
        line("crypto ipsec profile VPNPLANE-" + n);
        line(v2 ? " set ikev2 ipsec-proposal VPNPLANE-" + n : " set ikev1 transform-set VPNPLANE-" + n);
        if (!ipsec.dhGroup().equals("disabled")) {
            line(" set pfs " + ipsec.dhGroup());
        }
        line(" set security-association lifetime seconds " + Math.max(120, ipsec.lifetimeSeconds()));
        line("tunnel-group " + peer + " type ipsec-l2l");
        line("tunnel-group " + peer + " ipsec-attributes");
        if (v2) {
            line(" ikev2 remote-authentication pre-shared-key " + psk);
            line(" ikev2 local-authentication pre-shared-key " + psk);
        } else {
            line(" ikev1 pre-shared-key " + psk);
        }
        if (tunnel.dpd().enabled()) {
            line(" isakmp keepalive threshold " + tunnel.dpd().intervalSeconds() + " retry "
                    + Math.max(2, Math.min(10, tunnel.dpd().intervalSeconds())));
        }
        line("crypto isakmp identity address");
        line("interface Tunnel" + n);
        line(" nameif vpnplane-" + n);
        tunnel.bgp().ifPresent(bgp -> line(" ip address " + PeerSide.deviceBgpIp(bgp) + " 255.255.255.252"));
        line(" tunnel source interface outside");
        line(" tunnel destination " + peer);
        line(" tunnel mode ipsec ipv4");
        line(" tunnel protection ipsec profile VPNPLANE-" + n);
        tunnel.bgp().filter(b -> connection.bgp().enabled()).ifPresent(bgp -> {
            line("router bgp " + tunnel.customerGatewayAsn().map(String::valueOf).orElse("<your ASN>"));
            line(" address-family ipv4 unicast");
            line("  neighbor " + bgp.localBgpIp() + " remote-as " + connection.bgp().localAsn());
            line("  neighbor " + bgp.localBgpIp() + " activate");
            line(" exit-address-family");
        });
        if (connection.routingMode().equals("policy")) {
            line("! route the cloud side's " + String.join(", ", connection.localCidrs()) + " through interface vpnplane-"
                    + n + "; the on-premises side offers " + String.join(", ", connection.remoteCidrs()));
        }
    }

    private static String asaCipher(String seed) {
        return switch (seed) {
            case "aes" -> "aes";
            case "aes192" -> "aes-192";
            case "aes256" -> "aes-256";
            default -> seed;
        };
    }

    private static String asaIkeHash(String seed) {
        return seed.equals("sha1") ? "sha" : seed;
    }

    private static String asaEspHash(String seed) {
        return switch (seed) {
            case "sha1" -> "sha-1";
            case "sha256" -> "sha-256";
            case "sha384" -> "sha-384";
            case "sha512" -> "sha-512";
            default -> seed;
        };
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
