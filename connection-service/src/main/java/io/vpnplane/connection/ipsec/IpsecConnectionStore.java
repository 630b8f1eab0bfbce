package io.vpnplane.connection.ipsec;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vpnplane.connection.api.Requests;
import io.vpnplane.connection.api.Writes;
import io.vpnplane.connection.persistence.ConnectionReadModel;
import io.vpnplane.connection.persistence.Folds;
import io.vpnplane.connection.persistence.ReadModelQueries;
import io.vpnplane.connection.persistence.ReadModelQueries.Table;
import io.vpnplane.connection.persistence.StoredResource;
import io.vpnplane.connection.secrets.PreSharedKeyStore;
import io.vpnplane.eventsourcing.StreamId;
import io.vpnplane.eventsourcing.Versioned;
import io.vpnplane.events.connection.IpsecConnectionState;

/**
 * Where IPsec connection decisions are loaded from and written to, for every API that changes connections (the
 * native {@code /v1/ipsec-connections} and Neutron's {@code /v2.0/vpn/ipsec-site-connections}): events and their
 * new pre-shared keys in the caller's transaction.
 */
@Singleton
public class IpsecConnectionStore {

    @Inject
    Writes writes;

    @Inject
    PreSharedKeyStore keys;

    public static StreamId stream(String id) {
        return new StreamId(ConnectionReadModel.IPSEC_CONNECTION, id);
    }

    public Uni<Versioned<IpsecConnection>> load(SqlConnection tx, String id) {
        return writes.load(tx, stream(id), Folds.IPSEC_CONNECTION);
    }

    /** Appends the decision's events, stores its new keys, and returns the new read-model row (empty: deleted). */
    public Uni<Optional<StoredResource>> persist(SqlConnection tx, String id, long version,
            IpsecConnection.Decision decision, String caller, String requestId) {
        Map<String, Integer> keyVersions = new HashMap<>();
        decision.resultingState().ifPresent(s -> s.tunnels()
                .forEach(t -> keyVersions.put(t.id(), t.preSharedKeyVersion())));
        return writes.append(tx, stream(id), version, decision.events().stream().map(e -> (Record) e).toList(),
                        Requests.context(caller, requestId))
                .call(() -> decision.newKeys().isEmpty() ? Uni.createFrom().voidItem()
                        : keys.store(tx, id, decision.newKeys(), keyVersions))
                .chain(() -> ReadModelQueries.find(tx, Table.IPSEC_CONNECTION, id));
    }

    /** Deletes the connection's stored keys with it (a deleted connection keeps no secret). */
    public Uni<Void> deleteKeys(SqlConnection tx, String id) {
        return keys.deleteAll(tx, id);
    }

    /** The owner's customer gateways and VPN gateways the connection (and the request) name, share-locked. */
    public static Uni<References> referencesOf(SqlConnection tx, IpsecConnectionState state, Set<String> moreCgw,
            Set<String> moreVpn) {
        Set<String> cgw = new HashSet<>(moreCgw);
        state.tunnels().forEach(t -> cgw.add(t.customerGatewayId()));
        Set<String> vpn = new HashSet<>(moreVpn);
        state.attachment().vpnGatewayId().ifPresent(vpn::add);
        return references(tx, state.accountId(), cgw, vpn);
    }

    public static Uni<References> references(SqlConnection tx, String owner, Set<String> cgw, Set<String> vpn) {
        return ReadModelQueries.customerGateways(tx, owner, cgw)
                .chain(gateways -> ReadModelQueries.vpnGatewayIds(tx, owner, vpn)
                        .map(vpns -> new References(gateways, vpns)));
    }
}
