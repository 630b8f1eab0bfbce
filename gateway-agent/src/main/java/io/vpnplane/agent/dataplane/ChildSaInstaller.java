package io.vpnplane.agent.dataplane;

import io.vpnplane.agent.crypto.ChildSaTransforms;
import io.vpnplane.agent.esp.EspSaSpec;
import io.vpnplane.agent.esp.InboundSa;
import io.vpnplane.agent.esp.OutboundSa;
import io.vpnplane.agent.esp.SaLifetime;
import io.vpnplane.agent.esp.SaLifetimeListener;
import io.vpnplane.agent.ike.ChildSa;
import io.vpnplane.agent.ike.ChildSaListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Installs the IKE engine's CHILD_SAs into the data plane: one {@link Tunnel} per configured tunnel,
 * an {@link InboundSa} per inbound SPI, the newest {@link OutboundSa} per tunnel, and (for
 * policy-based tunnels) a forwarding rule from the negotiated traffic selectors. Route-based tunnels
 * negotiate 0.0.0.0/0 both ways and get their prefixes from configuration or routing-service
 * through {@link LiveForwardingTable} instead.
 *
 * <p>The engine calls {@link #installed} for a rekeyed SA before {@link #removed} for the old one, so
 * the outbound side switches without a gap and the old inbound SPI keeps working until it is deleted.
 */
public final class ChildSaInstaller implements ChildSaListener {

    private static final Logger LOG = Logger.getLogger(ChildSaInstaller.class.getName());
    private static final TrafficSelector ANY = TrafficSelector.of("0.0.0.0/0");
    /** The engine rekeys and deletes SAs itself; the hard age only stops an SA whose delete was missed. */
    private static final Duration HARD_AGE_GRACE = Duration.ofSeconds(60);

    private final EspDataPlane plane;
    private final SaLifetimeListener lifetimeListener;
    private final LongSupplier nanoClock;
    private final Map<String, Tunnel> tunnels = new ConcurrentHashMap<>();

    public ChildSaInstaller(EspDataPlane plane, SaLifetimeListener lifetimeListener, LongSupplier nanoClock) {
        this.plane = plane;
        this.lifetimeListener = lifetimeListener;
        this.nanoClock = nanoClock;
    }

    public ChildSaInstaller(EspDataPlane plane) {
        this(plane, SaLifetimeListener.IGNORE, System::nanoTime);
    }

    public Optional<Tunnel> tunnel(String tunnelId) {
        return Optional.ofNullable(tunnels.get(tunnelId));
    }

    @Override
    public void installed(ChildSa child) {
        if (!child.udpEncapsulated()) {
            // Without kernel ESP (CONFIG_INET_ESP) only ESP-in-UDP can be carried by this data plane.
            LOG.warning(() -> child + " is not UDP-encapsulated; the peer must be configured with encap (forced NAT-T)");
        }
        List<TrafficSelector> local = convert(child.localSelectors());
        List<TrafficSelector> remote = convert(child.remoteSelectors());
        Tunnel tunnel = tunnels.compute(child.tunnelId(), (id, existing) -> existing != null
                && existing.localSelectors().equals(local) && existing.remoteSelectors().equals(remote)
                ? existing
                : new Tunnel(id, child.localEndpoint(), child.remoteEndpoint(), local, remote));
        tunnel.updateEndpoints(child.localEndpoint(), child.remoteEndpoint());

        SaLifetime lifetime = lifetime(child);
        ChildSaTransforms suite = child.suite();
        EspSaSpec inbound = new EspSaSpec(child.inboundSpi(), suite, child.keys().inboundEncryptionKey(),
                child.keys().inboundIntegrityKey(), child.extendedSequenceNumbers(), child.replayWindow(), lifetime);
        EspSaSpec outbound = new EspSaSpec(child.outboundSpi(), suite, child.keys().outboundEncryptionKey(),
                child.keys().outboundIntegrityKey(), child.extendedSequenceNumbers(), child.replayWindow(), lifetime);
        plane.installInbound(new InboundSa(inbound, lifetimeListener, nanoClock), tunnel);
        tunnel.installOutbound(new OutboundSa(outbound, lifetimeListener, nanoClock));

        boolean routeBased = local.equals(List.of(ANY)) && remote.equals(List.of(ANY));
        if (!routeBased) {
            plane.forwarding().update(table -> {
                ForwardingTable.Builder<Tunnel> builder = table.toBuilder().withoutPoliciesOf(child.tunnelId());
                return builder.policy(local, remote, tunnel).build();
            });
        }
    }

    @Override
    public void removed(ChildSa child) {
        plane.removeInbound(child.inboundSpi());
        Tunnel tunnel = tunnels.get(child.tunnelId());
        if (tunnel != null) {
            tunnel.outbound().filter(sa -> sa.spi() == child.outboundSpi()).ifPresent(tunnel::removeOutbound);
        }
    }

    /** The tunnel was removed from the engine: no more outbound SA, no forwarding rule or route to it. */
    public void forget(String tunnelId) {
        Tunnel tunnel = tunnels.remove(tunnelId);
        if (tunnel == null) {
            return;
        }
        tunnel.outbound().ifPresent(tunnel::removeOutbound);
        plane.forwarding().update(table -> table.toBuilder().withoutTarget(tunnel).build());
    }

    private static SaLifetime lifetime(ChildSa child) {
        Duration hard = Duration.between(child.establishedAt(), child.expiresAt()).plus(HARD_AGE_GRACE);
        return SaLifetime.ofAge(hard, hard);
    }

    private static List<TrafficSelector> convert(List<io.vpnplane.agent.ike.message.TrafficSelector> selectors) {
        return selectors.stream()
                .filter(ts -> ts.tsType() == io.vpnplane.agent.ike.message.TrafficSelector.TS_IPV4_ADDR_RANGE)
                .map(ts -> new TrafficSelector(Ipv4Header.readInt(ts.startAddress(), 0),
                        Ipv4Header.readInt(ts.endAddress(), 0), ts.ipProtocol(), ts.startPort(), ts.endPort()))
                .toList();
    }
}
