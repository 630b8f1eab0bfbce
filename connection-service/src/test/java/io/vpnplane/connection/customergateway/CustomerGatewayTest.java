package io.vpnplane.connection.customergateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.vpnplane.connection.validation.ConflictingState;
import io.vpnplane.connection.validation.InvalidRequest;
import io.vpnplane.events.EventJson;
import io.vpnplane.events.connection.CustomerGatewayEvent;

class CustomerGatewayTest {

    private static JsonNode json(String text) throws Exception {
        return EventJson.mapper().readTree(text.replace('\'', '"'));
    }

    private static List<String> refused(ThrowingRunnable action) {
        try {
            action.run();
        } catch (InvalidRequest e) {
            return e.violations().stream().map(v -> v.code() + "@" + v.field()).toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a refusal");
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void asnIsOptionalAndStoredAsANumber() throws Exception {
        // REQ-CGW-001, REQ-CGW-002
        var created = CustomerGateway.create("cgw-1", "acct", json("{'name': 'dc', 'ipAddress': '203.0.113.1', 'asn': '2.3'}"));
        assertThat(created.customerGateway().asn()).contains(2L * 65536 + 3);
        var plain = CustomerGateway.create("cgw-2", "acct", json("{'ipAddress': '203.0.113.2'}"));
        assertThat(plain.customerGateway().asn()).isEmpty();
        assertThat(plain.customerGateway().name()).isEmpty();
    }

    @Test
    void ipAddressIsRequiredAndUsable() {
        // REQ-CGW-001
        assertThat(refused(() -> CustomerGateway.create("c", "a", json("{'name': 'x'}"))))
                .containsExactly("MissingParameter.IpAddress@ipAddress");
        assertThat(refused(() -> CustomerGateway.create("c", "a", json("{'ipAddress': '0.0.0.0', 'asn': 0}"))))
                .containsExactly("InvalidParameter.IpAddress@ipAddress", "InvalidParameter.Asn@asn");
        assertThat(refused(() -> CustomerGateway.create("c", "a", json("{'ipAddress': '224.0.0.1'}"))))
                .containsExactly("InvalidParameter.IpAddress@ipAddress");
        assertThat(refused(() -> CustomerGateway.create("c", "a", json("{'ipAddress': 'dc.example.com'}"))))
                .containsExactly("InvalidParameter.IpAddress@ipAddress");
    }

    @Test
    void addressAndAsnNeverChange() throws Exception {
        CustomerGateway gateway = CustomerGateway.replay(List.of(
                CustomerGateway.create("cgw-1", "acct", json("{'ipAddress': '203.0.113.1', 'asn': 65000}"))));
        assertThat(refused(() -> gateway.update(json("{'ipAddress': '203.0.113.2', 'asn': 65001}"))))
                .containsExactly("OperationDenied.ImmutableField@ipAddress", "OperationDenied.ImmutableField@asn");
        // the same values are not a change
        assertThat(gateway.update(json("{'ipAddress': '203.0.113.1', 'asn': '0.65000'}"))).isEmpty();
        Optional<CustomerGatewayEvent.Updated> renamed = gateway.update(json("{'description': 'new'}"));
        assertThat(renamed).map(u -> u.customerGateway().description()).contains("new");
    }

    @Test
    void inUseCannotBeDeleted() throws Exception {
        // REQ-CGW-003
        CustomerGateway gateway = CustomerGateway.replay(List.of(
                CustomerGateway.create("cgw-1", "acct", json("{'ipAddress': '203.0.113.1'}"))));
        assertThatThrownBy(() -> gateway.delete(List.of("vco-1", "vco-2")))
                .isInstanceOfSatisfying(ConflictingState.class, e -> {
                    assertThat(e.code()).isEqualTo("DependencyViolation.CustomerGatewayInUse");
                    assertThat(e.getMessage()).contains("vco-1, vco-2");
                });
        assertThat(gateway.delete(List.of()).customerGateway().id()).isEqualTo("cgw-1");
    }
}
