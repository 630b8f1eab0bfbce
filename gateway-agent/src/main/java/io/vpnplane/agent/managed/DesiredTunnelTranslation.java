package io.vpnplane.agent.managed;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.agent.standalone.InvalidConfigException;
import io.vpnplane.agent.standalone.StandaloneConfig;
import io.vpnplane.events.agentconfig.TunnelConfigDesired;

/**
 * Turns tunnel-service's desired configuration into the standalone agent's tunnel configuration by writing the
 * standalone format and parsing it with {@link StandaloneConfig#parse}: one set of defaults, algorithm names and
 * validation for both modes. The pre-shared key is opened with the node key here and lives only in the returned
 * configuration, never in a log or an exception message.
 */
public final class DesiredTunnelTranslation {

    private static final String ANY = "0.0.0.0/0";

    private final NodeKeyPair nodeKey;

    public DesiredTunnelTranslation(NodeKeyPair nodeKey) {
        this.nodeKey = nodeKey;
    }

    /**
     * @throws InvalidConfigException   when the desired configuration is not one this agent can run (e.g. an
     *                                  algorithm it does not implement)
     * @throws IllegalArgumentException when the PSK was not sealed to this node for this tunnel
     */
    public ManagedTunnel translate(TunnelConfigDesired desired) throws InvalidConfigException {
        String psk = new String(nodeKey.open(desired.preSharedKey(), desired.tunnelId()), StandardCharsets.UTF_8);
        StandaloneConfig parsed = StandaloneConfig.parse(standaloneForm(desired, psk));
        return new ManagedTunnel(desired.accountId(), desired.connectionId(), desired.configVersion(), parsed.tunnels().getFirst(),
                Optional.ofNullable(parsed.ikev1Tunnels().get(desired.tunnelId())),
                Optional.ofNullable(parsed.healthChecks().get(desired.tunnelId())),
                desired.bgp().map(bgp -> new ManagedTunnel.InsideAddress(bgp.localIp(), bgp.tunnelCidr())));
    }

    static ObjectNode standaloneForm(TunnelConfigDesired desired, String psk) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode tunnel = json.objectNode()
                .put("id", desired.tunnelId())
                .put("localAddress", desired.gatewayIp())
                .put("remoteAddress", desired.customerGatewayIp())
                .put("psk", psk)
                .put("natTraversal", desired.natTraversal())
                // REQ-CONN-008: start negotiates at once, trap waits for the peer or for traffic
                .put("effectImmediately", "start".equals(desired.startAction()))
                // REQ-B-004: none never initiates
                .put("initiatorMode", "none".equals(desired.startAction()) ? "response-only" : "bi-directional");
        TunnelConfigDesired.Ike ike = desired.ike();
        tunnel.set("ike", json.objectNode().put("version", ike.version()).put("mode", ike.mode()).put("encryption", ike.encryption())
                .put("authentication", ike.integrity()).put("dhGroup", ike.dhGroup()).put("lifetimeSeconds", ike.lifetimeSeconds())
                .put("localId", ike.localId()).put("remoteId", ike.remoteId()));
        TunnelConfigDesired.Ipsec ipsec = desired.ipsec();
        tunnel.set("ipsec", json.objectNode().put("encryption", ipsec.encryption()).put("authentication", ipsec.integrity())
                .put("dhGroup", ipsec.dhGroup()).put("lifetimeSeconds", ipsec.lifetimeSeconds()));
        TunnelConfigDesired.Dpd dpd = desired.dpd();
        tunnel.set("dpd", json.objectNode().put("enabled", dpd.enabled()).put("action", dpd.action())
                .put("intervalSeconds", dpd.intervalSeconds()).put("timeoutSeconds", dpd.timeoutSeconds()));
        List<String> local = desired.trafficSelectors().local();
        List<String> remote = desired.trafficSelectors().remote();
        boolean routeBased = List.of(ANY).equals(local) && List.of(ANY).equals(remote);
        tunnel.put("routingMode", routeBased ? "destination" : "policy");
        if (!routeBased) {
            ArrayNode localCidrs = tunnel.putArray("localCidrs");
            local.forEach(localCidrs::add);
            ArrayNode remoteCidrs = tunnel.putArray("remoteCidrs");
            remote.forEach(remoteCidrs::add);
        }
        TunnelConfigDesired.HealthCheck check = desired.healthCheck();
        if (check.enabled()) {
            ObjectNode health = tunnel.putObject("healthCheck").put("enabled", true)
                    .put("intervalMillis", check.effectiveIntervalMillis()).put("retries", check.retries())
                    .put("switchRoute", check.switchRoute());
            check.sourceIp().ifPresent(ip -> health.put("sourceIp", ip));
            check.destinationIp().ifPresent(ip -> health.put("destinationIp", ip));
        }
        ObjectNode root = json.objectNode();
        root.putArray("tunnels").add(tunnel);
        return root;
    }
}
