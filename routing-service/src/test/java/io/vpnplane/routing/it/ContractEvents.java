package io.vpnplane.routing.it;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;


import io.vpnplane.events.CloudEvent;
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.connection.VpnGatewayEvent;
import io.vpnplane.events.connection.VpnGatewayState;
import io.vpnplane.testkit.ContractEventProducer;

/**
 * Plays the other services in integration tests: produces their contract events to the real broker exactly as
 * their outbox relays would (CloudEvents binary mode), and reads routing-service's events back.
 */
public final class ContractEvents implements AutoCloseable {

    private final ContractEventProducer producer = new ContractEventProducer();

    /** A fresh envelope for {@code data}, as the producing service would write it. */
    public static CloudEvent envelope(String account, String subject, Record data) {
        return ContractEventProducer.envelope(account, subject, data);
    }

    /** Publishes and waits for the broker's acknowledgement. */
    public CloudEvent publish(CloudEvent event) {
        return producer.publish(event);
    }

    /** Publishes, waits for the acknowledgement and answers the record's timestamp (its send time, ms resolution). */
    public Instant publishedAt(CloudEvent event) {
        return producer.publishedAt(event);
    }

    public CloudEvent publish(String account, String subject, Record data) {
        return producer.publish(account, subject, data);
    }

    public void gateway(String account, String gatewayId, String vpcId) {
        publish(account, gatewayId, new VpnGatewayEvent.Created(new VpnGatewayState(gatewayId, account, "gw", vpcId, "", Map.of())));
    }

    public void connection(String account, String connectionId, String gatewayId, String routingMode, List<String> remoteCidrs,
            boolean switchRoute, String... tunnelIds) {
        publish(account, connectionId, new IpsecConnectionEvent.Created(connectionState(account, connectionId, gatewayId, routingMode,
                remoteCidrs, switchRoute, tunnelIds)));
    }

    public static IpsecConnectionState connectionState(String account, String connectionId, String gatewayId, String routingMode,
            List<String> remoteCidrs, boolean switchRoute, String... tunnelIds) {
        List<IpsecConnectionState.Tunnel> tunnels = new ArrayList<>();
        for (String tunnelId : tunnelIds) {
            tunnels.add(new IpsecConnectionState.Tunnel(tunnelId, "cgw-1", "203.0.113.10", Optional.empty(), 1,
                    new IpsecConnectionState.Ike("ikev2", "main", "aes", "sha1", "group2", 86400, Optional.empty(), Optional.empty()),
                    new IpsecConnectionState.Ipsec("aes", "sha1", "group2", 86400),
                    new IpsecConnectionState.Dpd(true, "restart", 10, 130), true, Optional.empty(),
                    new IpsecConnectionState.HealthCheck(true, Optional.of("192.168.0.1"), Optional.of("10.0.0.1"), 3, 3, switchRoute),
                    Optional.empty()));
        }
        return new IpsecConnectionState(connectionId, account, connectionId, Optional.empty(), Map.of(),
                new IpsecConnectionState.Attachment("vpn-gateway", Optional.of(gatewayId), Optional.empty(), Optional.empty(), Optional.empty()),
                "public", tunnelIds.length > 1 ? "dual" : "single", routingMode,
                "policy".equals(routingMode) ? List.of("10.0.0.0/16") : List.of(), remoteCidrs, true,
                new IpsecConnectionState.Bgp(false, 45104), new IpsecConnectionState.Advanced(true, true, true), tunnels, List.of());
    }

    @Override
    public void close() {
        producer.close();
    }
}
