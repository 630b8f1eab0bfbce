package io.vpnplane.connection.peerconfig;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.nio.charset.StandardCharsets;

import io.vpnplane.connection.ipsec.PreSharedKey;
import io.vpnplane.events.connection.IpsecConnectionState;

/**
 * A {@code swanctl.conf} for strongSwan 5.9 on the on-premises side: one IKE connection per tunnel, the
 * seeds' algorithm names translated to strongSwan proposals, PSK secrets by identity.
 */
final class StrongSwanConfig {

    private final IpsecConnectionState connection;
    private final Map<String, PreSharedKey> keys;
    private final Map<String, String> gatewayIps;
    private final boolean encap;
    private final StringBuilder out = new StringBuilder();

    StrongSwanConfig(IpsecConnectionState connection, Map<String, PreSharedKey> keys, Map<String, String> gatewayIps,
            boolean encap) {
        this.connection = connection;
        this.keys = keys;
        this.gatewayIps = gatewayIps;
        this.encap = encap;
    }

    String render() {
        line("# vpnplane peer configuration of IPsec connection " + connection.id()
                + (connection.name().isEmpty() ? "" : " (" + oneLine(connection.name()) + ")"));
        line("# strongSwan 5.9 swanctl.conf, for the on-premises gateway. Load: swanctl --load-all --file THIS_FILE");
        if (!gatewayIps.keySet().containsAll(connection.tunnels().stream().map(IpsecConnectionState.Tunnel::id).toList())) {
            line("# remote_addrs = %any: " + PeerSide.GATEWAY_IP_PENDING + ";");
            line("# until then this device only answers on that tunnel.");
        }
        line("connections {");
        for (IpsecConnectionState.Tunnel tunnel : connection.tunnels()) {
            tunnel(tunnel);
        }
        line("}");
        line("secrets {");
        for (IpsecConnectionState.Tunnel tunnel : connection.tunnels()) {
            line("  ike-" + tunnel.id() + " {");
            line("    id-device = " + PeerSide.deviceId(tunnel));
            cloudId(tunnel).ifPresent(id -> line("    id-cloud = " + id));
            line("    secret = " + secret(keys.get(tunnel.id())));
            line("  }");
        }
        line("}");
        return out.toString();
    }

    private void tunnel(IpsecConnectionState.Tunnel tunnel) {
        IpsecConnectionState.Ike ike = tunnel.ike();
        IpsecConnectionState.Ipsec ipsec = tunnel.ipsec();
        String name = "vpnplane-" + tunnel.id();
        line("  " + name + " {");
        line("    version = " + (ike.version().equals("ikev1") ? 1 : 2));
        if (ike.mode().equals("aggressive")) {
            line("    aggressive = yes");
        }
        line("    local_addrs = " + tunnel.customerGatewayIp());
        line("    remote_addrs = " + gatewayIps.getOrDefault(tunnel.id(), "%any"));
        if (encap) {
            line("    encap = yes");
        }
        line("    proposals = " + proposal(ike.encryption(), ike.integrity(), ike.dhGroup()));
        line("    rekey_time = " + ike.lifetimeSeconds() + "s");
        if (tunnel.dpd().enabled()) {
            line("    dpd_delay = " + tunnel.dpd().intervalSeconds() + "s");
            if (ike.version().equals("ikev1")) {
                line("    dpd_timeout = " + tunnel.dpd().timeoutSeconds() + "s");
            }
        }
        line("    local {");
        line("      auth = psk");
        line("      id = " + PeerSide.deviceId(tunnel));
        line("    }");
        line("    remote {");
        line("      auth = psk");
        line("      id = " + cloudId(tunnel).orElse("%any"));
        line("    }");
        line("    children {");
        line("      " + name + " {");
        line("        local_ts = " + String.join(",", PeerSide.deviceSubnets(connection)));
        line("        remote_ts = " + String.join(",", PeerSide.cloudSubnets(connection)));
        line("        esp_proposals = " + proposal(ipsec.encryption(), ipsec.integrity(), ipsec.dhGroup()));
        line("        rekey_time = " + ipsec.lifetimeSeconds() + "s");
        if (tunnel.dpd().enabled()) {
            line("        dpd_action = " + switch (tunnel.dpd().action()) {
                case "hold" -> "trap";
                case "clear" -> "clear";
                default -> "restart";
            });
        }
        line("        start_action = " + startAction(tunnel));
        line("      }");
        line("    }");
        tunnel.bgp().filter(b -> connection.bgp().enabled()).ifPresent(bgp -> {
            line("    # BGP over this tunnel (route-based: give the device " + PeerSide.deviceBgpIp(bgp) + "/30 on an");
            line("    # XFRM/VTI interface bound to this tunnel), e.g. FRR:");
            line("    #   router bgp " + tunnel.customerGatewayAsn().map(String::valueOf).orElse("<your ASN>"));
            line("    #    neighbor " + bgp.localBgpIp() + " remote-as " + connection.bgp().localAsn());
            line("    #    neighbor " + bgp.localBgpIp() + " update-source " + PeerSide.deviceBgpIp(bgp));
        });
        line("  }");
    }

    /**
     * The identity the cloud side authenticates with: the configured one, else (REQ-TUN-004's default) its gateway IP
     * once placed. Naming it in the secret matters: two tunnels to one device share the device's identity, and
     * without the cloud's one charon could not tell their keys apart.
     */
    private Optional<String> cloudId(IpsecConnectionState.Tunnel tunnel) {
        return PeerSide.cloudId(tunnel).or(() -> Optional.ofNullable(gatewayIps.get(tunnel.id())));
    }

    /**
     * The device initiates when the cloud side waits for the peer (effectImmediately=false, REQ-CONN-008) and it
     * knows where to send; otherwise the cloud side initiates and the device answers, so the two never race.
     */
    private String startAction(IpsecConnectionState.Tunnel tunnel) {
        return !connection.effectImmediately() && gatewayIps.containsKey(tunnel.id()) ? "start" : "none";
    }

    private static String proposal(String encryption, String integrity, String dhGroup) {
        String cipher = switch (encryption) {
            case "aes" -> "aes128";
            default -> encryption;
        };
        String group = PeerSide.modpName(dhGroup);
        return cipher + "-" + integrity + (group.isEmpty() ? "" : "-" + group);
    }

    /** Quoted when plain; hex (0x…) when the key holds characters swanctl.conf would interpret. */
    private static String secret(PreSharedKey key) {
        String value = key.reveal();
        if (value.chars().allMatch(c -> Character.isLetterOrDigit(c) || "~!@%^&*()_-+=[]|;:',.<>/?".indexOf(c) >= 0)) {
            return "\"" + value + "\"";
        }
        return "0x" + HexFormat.of().formatHex(value.getBytes(StandardCharsets.US_ASCII));
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]", " ");
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
