package io.vpnplane.connection.persistence;

import java.util.List;

import io.vpnplane.connection.customergateway.CustomerGateway;
import io.vpnplane.connection.ipsec.IpsecConnection;
import io.vpnplane.connection.vpngateway.VpnGateway;
import io.vpnplane.eventsourcing.StateFold;
import io.vpnplane.events.connection.CustomerGatewayEvent;
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.VpnGatewayEvent;

/** How each aggregate is rebuilt from its stream. */
public final class Folds {

    public static final StateFold<CustomerGateway> CUSTOMER_GATEWAY = new StateFold<>() {
        @Override
        public CustomerGateway initial() {
            return CustomerGateway.replay(List.of());
        }

        @Override
        public CustomerGateway evolve(CustomerGateway state, Record event) {
            return state.apply((CustomerGatewayEvent) event);
        }
    };

    public static final StateFold<VpnGateway> VPN_GATEWAY = new StateFold<>() {
        @Override
        public VpnGateway initial() {
            return VpnGateway.replay(List.of());
        }

        @Override
        public VpnGateway evolve(VpnGateway state, Record event) {
            return state.apply((VpnGatewayEvent) event);
        }
    };

    public static final StateFold<IpsecConnection> IPSEC_CONNECTION = new StateFold<>() {
        @Override
        public IpsecConnection initial() {
            return IpsecConnection.replay(List.of());
        }

        @Override
        public IpsecConnection evolve(IpsecConnection state, Record event) {
            return state.apply((IpsecConnectionEvent) event);
        }
    };

    private Folds() {
    }
}
