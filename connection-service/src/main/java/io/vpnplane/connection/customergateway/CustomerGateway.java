package io.vpnplane.connection.customergateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.vpnplane.connection.net.Asn;
import io.vpnplane.connection.net.Ipv4Address;
import io.vpnplane.connection.validation.ConflictingState;
import io.vpnplane.connection.validation.Findings;
import io.vpnplane.connection.validation.InvalidRequest;
import io.vpnplane.connection.validation.JsonReader;
import io.vpnplane.connection.validation.ResourceNotFound;
import io.vpnplane.events.connection.CustomerGatewayEvent;
import io.vpnplane.events.connection.CustomerGatewayState;

/**
 * The customer gateway aggregate (REQ-CGW-001..003). Its IP address and ASN are fixed at creation: connections
 * copy them into their own state, and a changing peer address would silently break every tunnel using it.
 */
public final class CustomerGateway {

    private static final Set<String> FIELDS = Set.of("name", "ipAddress", "asn", "description", "tags");
    private static final Set<String> READ_ONLY = Set.of("id", "accountId", "createdAt", "updatedAt", "version");
    private static final int MAX_NAME_LENGTH = 100;
    private static final int MAX_DESCRIPTION_LENGTH = 256;

    private final Optional<CustomerGatewayState> state;
    private final boolean deleted;

    private CustomerGateway(Optional<CustomerGatewayState> state, boolean deleted) {
        this.state = state;
        this.deleted = deleted;
    }

    public static CustomerGateway replay(List<CustomerGatewayEvent> events) {
        CustomerGateway gateway = new CustomerGateway(Optional.empty(), false);
        for (CustomerGatewayEvent event : events) {
            gateway = gateway.apply(event);
        }
        return gateway;
    }

    public CustomerGateway apply(CustomerGatewayEvent event) {
        return new CustomerGateway(Optional.of(event.customerGateway()), event instanceof CustomerGatewayEvent.Deleted);
    }

    public boolean exists() {
        return state.isPresent() && !deleted;
    }

    public CustomerGatewayState state() {
        return state.filter(s -> !deleted)
                .orElseThrow(() -> new ResourceNotFound("NotFound.CustomerGateway", "no such customer gateway"));
    }

    public static CustomerGatewayEvent.Created create(String id, String accountId, JsonNode body) {
        requireObject(body);
        Findings findings = new Findings();
        JsonReader json = new JsonReader(findings);
        json.refuseUnknown(body, "", FIELDS, READ_ONLY);
        String name = json.label(body, "name", "", "InvalidParameter.Name", MAX_NAME_LENGTH).orElse("");
        String description = json.label(body, "description", "", "InvalidParameter.Description",
                MAX_DESCRIPTION_LENGTH).orElse("");
        // REQ-CGW-001: the on-premises device's public IPv4 address is required.
        Optional<Ipv4Address> ip = json.ipv4(body, "ipAddress", "", "InvalidParameter.IpAddress");
        if (!body.hasNonNull("ipAddress")) {
            findings.refuse("MissingParameter.IpAddress", "ipAddress",
                    "the IPv4 address of the on-premises gateway device is required");
        }
        ip.filter(a -> !a.isUsableUnicast()).ifPresent(a -> findings.refuse("InvalidParameter.IpAddress",
                "ipAddress", a + " cannot be a gateway address (unspecified, loopback, multicast or reserved)"));
        // REQ-CGW-002: optional ASN, plain or dotted.
        Optional<Asn> asn = json.asn(body, "asn", "", "InvalidParameter.Asn");
        Map<String, String> tags = json.tags(body, "");
        findings.throwIfRefused();
        return new CustomerGatewayEvent.Created(new CustomerGatewayState(id, accountId, name, ip.get().toString(),
                asn.map(Asn::value), description, tags));
    }

    /** JSON Merge Patch of name, description and tags. */
    public Optional<CustomerGatewayEvent.Updated> update(JsonNode patch) {
        CustomerGatewayState current = state();
        requireObject(patch);
        Findings findings = new Findings();
        JsonReader json = new JsonReader(findings);
        json.refuseUnknown(patch, "", FIELDS, READ_ONLY);
        for (String fixed : List.of("ipAddress", "asn")) {
            if (patch.has(fixed) && !sameValue(fixed, patch.get(fixed), current)) {
                findings.refuse("OperationDenied.ImmutableField", fixed,
                        fixed + " cannot be changed; create another customer gateway and move the tunnels to it");
            }
        }
        String name = patch.has("name")
                ? json.label(patch, "name", "", "InvalidParameter.Name", MAX_NAME_LENGTH).orElse("")
                : current.name();
        String description = patch.has("description")
                ? json.label(patch, "description", "", "InvalidParameter.Description", MAX_DESCRIPTION_LENGTH)
                        .orElse("")
                : current.description();
        Map<String, String> tags = patch.has("tags") ? json.mergedTags(current.tags(), patch) : current.tags();
        findings.throwIfRefused();
        CustomerGatewayState next = new CustomerGatewayState(current.id(), current.accountId(), name,
                current.ipAddress(), current.asn(), description, tags);
        return next.equals(current) ? Optional.empty() : Optional.of(new CustomerGatewayEvent.Updated(next));
    }

    private static boolean sameValue(String field, JsonNode value, CustomerGatewayState current) {
        if (field.equals("ipAddress")) {
            return value.isTextual() && value.textValue().equals(current.ipAddress());
        }
        Optional<Asn> asn = new JsonReader(new Findings()).asn(JsonReader.objectOf(field, value), field, "", "");
        return value.isNull() ? current.asn().isEmpty() : asn.map(Asn::value).equals(current.asn());
    }

    /** REQ-CGW-003: a customer gateway used by a tunnel stays until no connection names it. */
    public CustomerGatewayEvent.Deleted delete(List<String> usedByConnections) {
        CustomerGatewayState current = state();
        if (!usedByConnections.isEmpty()) {
            throw new ConflictingState("DependencyViolation.CustomerGatewayInUse", "id",
                    "customer gateway " + current.id() + " is used by IPsec connection(s) "
                            + String.join(", ", usedByConnections) + "; change or delete them first");
        }
        return new CustomerGatewayEvent.Deleted(current);
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw InvalidRequest.of("InvalidParameter.Body", "", "the body must be a JSON object");
        }
    }
}
