package io.vpnplane.connection.vpngateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.vpnplane.connection.validation.ConflictingState;
import io.vpnplane.connection.validation.InvalidRequest;
import io.vpnplane.events.EventJson;

class VpnGatewayTest {

    private static JsonNode json(String text) throws Exception {
        return EventJson.mapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void oneVpnGatewayPerVpc() throws Exception {
        // REQ-B-001
        assertThat(VpnGateway.create("vpngw-1", "acct", json("{'vpcId': 'vpc-1'}"), Optional.empty()).vpnGateway()
                .vpcId()).isEqualTo("vpc-1");
        assertThatThrownBy(() -> VpnGateway.create("vpngw-2", "acct", json("{'vpcId': 'vpc-1'}"), Optional.of("vpngw-1")))
                .isInstanceOfSatisfying(ConflictingState.class, e -> {
                    assertThat(e.code()).isEqualTo("Conflict.VpnGatewayPerVpc");
                    assertThat(e.getMessage()).contains("vpngw-1");
                });
    }

    @Test
    void vpcIdIsRequiredAndFixed() throws Exception {
        assertThatThrownBy(() -> VpnGateway.create("v", "a", json("{'name': 'x'}"), Optional.empty()))
                .isInstanceOfSatisfying(InvalidRequest.class,
                        e -> assertThat(e.violations().getFirst().code()).isEqualTo("MissingParameter.VpcId"));
        VpnGateway gateway = VpnGateway.replay(List.of(VpnGateway.create("v", "a", json("{'vpcId': 'vpc-1'}"), Optional.empty())));
        assertThatThrownBy(() -> gateway.update(json("{'vpcId': 'vpc-2'}"))).isInstanceOf(InvalidRequest.class);
        assertThat(gateway.update(json("{'name': 'n', 'tags': {'k': ''}}"))).map(u -> u.vpnGateway().tags())
                .contains(java.util.Map.of("k", ""));
    }

    @Test
    void connectionsKeepItAlive() throws Exception {
        VpnGateway gateway = VpnGateway.replay(List.of(VpnGateway.create("v", "a", json("{'vpcId': 'vpc-1'}"), Optional.empty())));
        assertThatThrownBy(() -> gateway.delete(List.of("vco-1"))).isInstanceOf(ConflictingState.class)
                .hasMessageContaining("vco-1");
        assertThat(gateway.delete(List.of())).isNotNull();
    }
}
