package io.vpnplane.connection.neutron;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vpnplane.connection.api.Requests;
import io.vpnplane.connection.api.Writes;
import io.vpnplane.connection.customergateway.CustomerGateway;
import io.vpnplane.connection.ipsec.IpsecConnection;
import io.vpnplane.connection.ipsec.IpsecConnectionStore;
import io.vpnplane.connection.ipsec.References;
import io.vpnplane.connection.persistence.ConnectionReadModel;
import io.vpnplane.connection.persistence.Folds;
import io.vpnplane.connection.persistence.ReadModelQueries;
import io.vpnplane.connection.persistence.ReadModelQueries.Table;
import io.vpnplane.connection.validation.InvalidRequest;
import io.vpnplane.connection.validation.Violation;
import io.vpnplane.eventsourcing.StreamId;
import io.vpnplane.events.connection.CustomerGatewayState;
import io.vpnplane.events.connection.EndpointGroupState;
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.secret.TransitKey;

/**
 * Writes of Neutron site connections, as commands on the native IPsec connection aggregate (so a site connection
 * created here is a connection under {@code /v1/ipsec-connections}, and the native rules apply to it):
 *
 * <ul>
 * <li>the IKE and IPsec policies' settings become the tunnel's {@code ike}/{@code ipsec}, the endpoint groups'
 * CIDRs its {@code localCidrs}/{@code remoteCidrs} (policy routing), and the connection remembers their ids;</li>
 * <li>{@code peer_address} becomes the tunnel's customer gateway: the project's customer gateway with that address,
 * or one created for it (tagged {@value #PEER_TAG}, and deleted with its last site connection);</li>
 * <li>each site connection is its own aggregate, so changing or deleting one never touches the others of its VPN
 * service (REQ-MOD-003).</li>
 * </ul>
 */
@ApplicationScoped
public class SiteConnectionCommands {

    /** Marks a customer gateway created for a site connection's peer address. */
    static final String PEER_TAG = "vpnplane:created-for";
    private static final String PEER_TAG_VALUE = "neutron-site-connection";

    @Inject
    Writes writes;

    @Inject
    IpsecConnectionStore store;

    @Inject
    TransitKey transitKey;

    /** Creates the site connection; returns its id. */
    Uni<String> create(String caller, JsonNode resource, String requestId) {
        SiteConnectionInput in = SiteConnectionInput.create(resource);
        String id = UUID.randomUUID().toString();
        String serviceId = in.vpnServiceId().orElseThrow();
        SiteConnectionInput.Dpd dpd = in.dpd().over(SiteConnectionInput.Dpd.NEUTRON_DEFAULTS);
        SiteConnectionInput.checkDpd(dpd);
        return writes.pool().withTransaction(tx -> ReadModelQueries.vpnGatewayIds(tx, caller, Set.of(serviceId))
                .invoke(found -> {
                    if (found.isEmpty()) {
                        throw NeutronRefusal.notFound(NeutronVpnServiceResource.NOT_FOUND,
                                "VPNService " + serviceId + " could not be found");
                    }
                })
                .chain(() -> NeutronResources.used(tx, IkePolicies.KIND, caller, in.ikePolicyId().orElseThrow()))
                .chain(ike -> NeutronResources.used(tx, IpsecPolicies.KIND, caller, in.ipsecPolicyId().orElseThrow())
                        .chain(ipsec -> endpointGroups(tx, caller, in.localEndpointGroupId().orElseThrow(),
                                in.peerEndpointGroupId().orElseThrow(), NeutronSiteConnections.nativeIke(ike)
                                        .get("version").asText())
                                .chain(groups -> peerGateway(tx, caller, in.peerAddress().orElseThrow(), requestId)
                                        .chain(cgw -> {
                                            ObjectNode tunnel = JsonNodeFactory.instance.objectNode()
                                                    .put("customerGatewayId", cgw.id())
                                                    .put("preSharedKey", in.psk().orElseThrow());
                                            ObjectNode tunnelIke = NeutronSiteConnections.nativeIke(ike)
                                                    .put("remoteId", in.peerId().orElseThrow());
                                            in.localId().filter(l -> !l.isEmpty())
                                                    .ifPresent(l -> tunnelIke.put("localId", l));
                                            tunnel.set("ike", tunnelIke);
                                            tunnel.set("ipsec", NeutronSiteConnections.nativeIpsec(ipsec));
                                            tunnel.set("dpd", NeutronSiteConnections.nativeDpd(dpd));
                                            ObjectNode body = JsonNodeFactory.instance.objectNode()
                                                    .put("name", in.name().orElse("")).put("tunnelMode", "single")
                                                    .put("initiator", in.initiator().orElse("bi-directional"));
                                            NeutronSiteConnections.putEndpoints(body, groups.get(0), groups.get(1));
                                            body.putObject("attachment").put("type", "vpn-gateway")
                                                    .put("vpnGatewayId", serviceId);
                                            body.putArray("tunnels").add(tunnel);
                                            IpsecConnectionState.Neutron neutron = new IpsecConnectionState.Neutron(
                                                    in.description().orElse(""), in.ikePolicyId(),
                                                    in.ipsecPolicyId(), in.localEndpointGroupId(),
                                                    in.peerEndpointGroupId());
                                            IpsecConnection.Decision decision = inNeutronTerms(() ->
                                                    IpsecConnection.create(id, caller, body,
                                                            new References(Map.of(cgw.id(), cgw), Set.of(serviceId)),
                                                            () -> Requests.newId("tun"), transitKey,
                                                            Optional.of(neutron)));
                                            return store.persist(tx, id, 0, decision, caller, requestId);
                                        })))))
                .replaceWith(id);
    }

    /**
     * Changes one site connection: connection-level attributes (name, description, initiator, endpoint groups) in
     * one event, the tunnel's (peer, identities, PSK, DPD) in a second; no other connection is touched.
     */
    Uni<Void> update(String caller, String id, JsonNode resource, String requestId) {
        SiteConnectionInput in = SiteConnectionInput.update(resource);
        return writes.pool().withTransaction(tx -> store.load(tx, id).chain(current -> {
            IpsecConnection connection = current.state();
            IpsecConnectionState state = owned(connection, caller, id);
            IpsecConnectionState.Tunnel tunnel = state.tunnels().getFirst();
            Optional<IpsecConnectionState.Neutron> neutron = state.neutron();
            Optional<String> localGroup = in.localEndpointGroupId()
                    .or(() -> neutron.flatMap(IpsecConnectionState.Neutron::localEndpointGroupId));
            Optional<String> peerGroup = in.peerEndpointGroupId()
                    .or(() -> neutron.flatMap(IpsecConnectionState.Neutron::peerEndpointGroupId));
            boolean groupsChange = in.localEndpointGroupId().isPresent() || in.peerEndpointGroupId().isPresent();
            if (groupsChange && (localGroup.isEmpty() || peerGroup.isEmpty())) {
                throw NeutronRefusal.typed("MissingRequiredEndpointGroup", "Missing endpoint group "
                        + (localGroup.isEmpty() ? "local" : "peer") + " for IPSec site-to-site connection");
            }
            SiteConnectionInput.Dpd dpd = in.dpd().over(NeutronSiteConnections.dpd(tunnel));
            SiteConnectionInput.checkDpd(dpd);
            Uni<List<EndpointGroupState>> groups = groupsChange
                    ? endpointGroups(tx, caller, localGroup.orElseThrow(), peerGroup.orElseThrow(),
                            tunnel.ike().version())
                    : Uni.createFrom().item(List.of());
            Uni<Optional<CustomerGatewayState>> peer = in.peerAddress()
                    .filter(address -> !address.equals(tunnel.customerGatewayIp()))
                    .map(address -> peerGateway(tx, caller, address, requestId).map(Optional::of))
                    .orElseGet(() -> Uni.createFrom().item(Optional.empty()));
            return groups.chain(endpoints -> peer.chain(newPeer -> IpsecConnectionStore.referencesOf(tx, state,
                    newPeer.map(p -> Set.of(p.id())).orElse(Set.of()), Set.of()).chain(refs -> {
                ObjectNode patch = JsonNodeFactory.instance.objectNode();
                in.name().ifPresent(n -> patch.put("name", n));
                in.initiator().ifPresent(i -> patch.put("initiator", i));
                if (!endpoints.isEmpty()) {
                    NeutronSiteConnections.putEndpoints(patch, endpoints.get(0), endpoints.get(1));
                }
                IpsecConnectionState.Neutron kept = neutron.orElse(new IpsecConnectionState.Neutron("",
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
                IpsecConnectionState.Neutron nextNeutron = new IpsecConnectionState.Neutron(
                        in.description().orElse(kept.description()), kept.ikePolicyId(), kept.ipsecPolicyId(),
                        groupsChange ? localGroup : kept.localEndpointGroupId(),
                        groupsChange ? peerGroup : kept.peerEndpointGroupId());
                ObjectNode tunnelPatch = JsonNodeFactory.instance.objectNode();
                newPeer.ifPresent(p -> tunnelPatch.put("customerGatewayId", p.id()));
                in.psk().ifPresent(k -> tunnelPatch.put("preSharedKey", k));
                ObjectNode ike = JsonNodeFactory.instance.objectNode();
                in.peerId().ifPresent(p -> ike.put("remoteId", p));
                // Neutron's "" local id is the gateway's own address: the native default.
                in.localId().ifPresent(l -> {
                    if (l.isEmpty()) {
                        ike.putNull("localId");
                    } else {
                        ike.put("localId", l);
                    }
                });
                if (!ike.isEmpty()) {
                    tunnelPatch.set("ike", ike);
                }
                if (!dpd.equals(NeutronSiteConnections.dpd(tunnel))) {
                    tunnelPatch.set("dpd", NeutronSiteConnections.nativeDpd(dpd));
                }
                IpsecConnection.Decision decision = inNeutronTerms(() -> {
                    IpsecConnection.Decision connectionLevel = connection.updateSiteConnection(patch, refs,
                            nextNeutron);
                    if (tunnelPatch.isEmpty()) {
                        return connectionLevel;
                    }
                    IpsecConnection after = connection;
                    for (IpsecConnectionEvent event : connectionLevel.events()) {
                        after = after.apply(event);
                    }
                    IpsecConnection.Decision tunnelLevel = after.changeTunnel(tunnel.id(), tunnelPatch, refs,
                            transitKey);
                    List<IpsecConnectionEvent> events = new ArrayList<>(connectionLevel.events());
                    events.addAll(tunnelLevel.events());
                    List<io.vpnplane.connection.validation.Warning> warnings =
                            new ArrayList<>(connectionLevel.warnings());
                    warnings.addAll(tunnelLevel.warnings());
                    return new IpsecConnection.Decision(events, tunnelLevel.newKeys(), warnings);
                });
                return store.persist(tx, id, current.version(), decision, caller, requestId)
                        .call(() -> newPeer.isPresent() ? releasePeer(tx, caller, tunnel.customerGatewayId(), requestId)
                                : Uni.createFrom().voidItem());
            })));
        })).replaceWithVoid();
    }

    Uni<Void> delete(String caller, String id, String requestId) {
        return writes.pool().withTransaction(tx -> ReadModelQueries.lockForDelete(tx, Table.IPSEC_CONNECTION, id)
                .chain(() -> store.load(tx, id))
                .chain(current -> {
                    IpsecConnectionState state = owned(current.state(), caller, id);
                    IpsecConnection.Decision decision = current.state().delete();
                    return store.deleteKeys(tx, id)
                            .chain(() -> store.persist(tx, id, current.version(), decision, caller, requestId))
                            .call(() -> releasePeer(tx, caller, state.tunnels().getFirst().customerGatewayId(),
                                    requestId));
                })).replaceWithVoid();
    }

    /** The caller's connection when it is a site connection; Neutron's not-found otherwise. */
    private static IpsecConnectionState owned(IpsecConnection connection, String caller, String id) {
        return Optional.of(connection).filter(c -> c.ownedBy(caller)).map(IpsecConnection::state)
                .flatMap(NeutronSiteConnections::siteConnection)
                .orElseThrow(() -> NeutronRefusal.notFound(NeutronSiteConnectionResource.NOT_FOUND,
                        "ipsec_site_connection " + id + " not found"));
    }

    /** The local and peer endpoint groups, share-locked, checked as a pair. */
    private static Uni<List<EndpointGroupState>> endpointGroups(SqlConnection tx, String caller, String localId,
            String peerId, String nativeIkeVersion) {
        return NeutronResources.used(tx, EndpointGroups.KIND, caller, localId)
                .chain(local -> NeutronResources.used(tx, EndpointGroups.KIND, caller, peerId).map(peer -> {
                    NeutronSiteConnections.checkEndpointGroups(local, peer, nativeIkeVersion);
                    return List.of(local, peer);
                }));
    }

    /** The customer gateway for a peer address: the project's own with that address, or a new one. */
    private Uni<CustomerGatewayState> peerGateway(SqlConnection tx, String caller, String address,
            String requestId) {
        return ReadModelQueries.customerGatewayWithIp(tx, caller, address, PEER_TAG).chain(existing -> {
            if (existing.isPresent()) {
                return Uni.createFrom().item(existing.get());
            }
            String id = Requests.newId("cgw");
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", "peer " + address)
                    .put("ipAddress", address)
                    .put("description", "the peer of Neutron site connections to " + address);
            body.putObject("tags").put(PEER_TAG, PEER_TAG_VALUE);
            var created = CustomerGateway.create(id, caller, body);
            return writes.append(tx, customerGatewayStream(id), 0, List.of(created),
                    Requests.context(caller, requestId)).replaceWith(created.customerGateway());
        });
    }

    /** Deletes a customer gateway created for site connections once no connection uses it any more. */
    private Uni<Void> releasePeer(SqlConnection tx, String caller, String customerGatewayId, String requestId) {
        return ReadModelQueries.connectionsUsingCustomerGateway(tx, customerGatewayId).chain(users -> {
            if (!users.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return writes.load(tx, customerGatewayStream(customerGatewayId), Folds.CUSTOMER_GATEWAY)
                    .chain(gateway -> {
                        if (!gateway.state().exists()
                                || !gateway.state().state().tags().containsKey(PEER_TAG)) {
                            return Uni.createFrom().voidItem();
                        }
                        return writes.append(tx, customerGatewayStream(customerGatewayId), gateway.version(),
                                List.of(gateway.state().delete(List.of())), Requests.context(caller, requestId))
                                .replaceWithVoid();
                    });
        });
    }

    private static StreamId customerGatewayStream(String id) {
        return new StreamId(ConnectionReadModel.CUSTOMER_GATEWAY, id);
    }

    /** The native rules' refusals, with the Neutron attribute each native field comes from. */
    private static IpsecConnection.Decision inNeutronTerms(java.util.function.Supplier<IpsecConnection.Decision> decide) {
        try {
            return decide.get();
        } catch (InvalidRequest e) {
            List<Violation> renamed = e.violations().stream()
                    .map(v -> new Violation(v.code(), neutronAttribute(v.field()), v.detail())).toList();
            throw new InvalidRequest(renamed);
        }
    }

    private static final Map<String, String> ATTRIBUTES = attributes();

    private static Map<String, String> attributes() {
        Map<String, String> names = new HashMap<>();
        names.put("tunnels[0].ike.remoteId", "peer_id");
        names.put("tunnels[0].ike.localId", "local_id");
        names.put("tunnels[0].preSharedKey", "psk");
        names.put("tunnels[0].customerGatewayId", "peer_address");
        names.put("tunnels[0].ike.version", "local_ep_group_id");
        names.put("localCidrs", "local_ep_group_id");
        names.put("remoteCidrs", "peer_ep_group_id");
        names.put("attachment.vpnGatewayId", "vpnservice_id");
        return Map.copyOf(names);
    }

    private static String neutronAttribute(String nativeField) {
        if (ATTRIBUTES.containsKey(nativeField)) {
            return ATTRIBUTES.get(nativeField);
        }
        if (nativeField.startsWith("tunnels[0].dpd")) {
            return "dpd";
        }
        if (nativeField.startsWith("tunnels[0].ike")) {
            return "ikepolicy_id";
        }
        if (nativeField.startsWith("tunnels[0].ipsec")) {
            return "ipsecpolicy_id";
        }
        return nativeField;
    }
}
