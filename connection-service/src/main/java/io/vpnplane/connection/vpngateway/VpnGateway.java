package io.vpnplane.connection.vpngateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.vpnplane.connection.validation.ConflictingState;
import io.vpnplane.connection.validation.Findings;
import io.vpnplane.connection.validation.InvalidRequest;
import io.vpnplane.connection.validation.JsonReader;
import io.vpnplane.connection.validation.ResourceNotFound;
import io.vpnplane.events.connection.VpnGatewayEvent;
import io.vpnplane.events.connection.VpnGatewayState;

/** The VPN gateway aggregate: the cloud-side gateway of one VPC (REQ-B-001: at most one per VPC). */
public final class VpnGateway {

    private static final Set<String> FIELDS = Set.of("name", "vpcId", "description", "tags");
    private static final Set<String> READ_ONLY = Set.of("id", "accountId", "createdAt", "updatedAt", "version");

    private final Optional<VpnGatewayState> state;
    private final boolean deleted;

    private VpnGateway(Optional<VpnGatewayState> state, boolean deleted) {
        this.state = state;
        this.deleted = deleted;
    }

    public static VpnGateway replay(List<VpnGatewayEvent> events) {
        VpnGateway gateway = new VpnGateway(Optional.empty(), false);
        for (VpnGatewayEvent event : events) {
            gateway = gateway.apply(event);
        }
        return gateway;
    }

    public VpnGateway apply(VpnGatewayEvent event) {
        return new VpnGateway(Optional.of(event.vpnGateway()), event instanceof VpnGatewayEvent.Deleted);
    }

    public boolean exists() {
        return state.isPresent() && !deleted;
    }

    public VpnGatewayState state() {
        return state.filter(s -> !deleted)
                .orElseThrow(() -> new ResourceNotFound("NotFound.VpnGateway", "no such VPN gateway"));
    }

    /**
     * @param gatewayOfSameVpc the account's VPN gateway already serving the body's vpcId, if any (REQ-B-001)
     */
    public static VpnGatewayEvent.Created create(String id, String accountId, JsonNode body,
            Optional<String> gatewayOfSameVpc) {
        requireObject(body);
        Findings findings = new Findings();
        JsonReader json = new JsonReader(findings);
        json.refuseUnknown(body, "", FIELDS, READ_ONLY);
        String name = json.label(body, "name", "", "InvalidParameter.Name", 100).orElse("");
        Optional<String> vpcId = json.label(body, "vpcId", "", "InvalidParameter.VpcId", 64)
                .filter(v -> !v.isBlank());
        if (vpcId.isEmpty() && !findings.refused("vpcId")) {
            findings.refuse("MissingParameter.VpcId", "vpcId", "a VPN gateway serves one VPC: vpcId is required");
        }
        String description = json.label(body, "description", "", "InvalidParameter.Description", 256).orElse("");
        Map<String, String> tags = json.tags(body, "");
        findings.throwIfRefused();
        gatewayOfSameVpc.ifPresent(other -> {
            throw new ConflictingState("Conflict.VpnGatewayPerVpc", "vpcId",
                    "VPC " + vpcId.get() + " already has VPN gateway " + other + "; a VPC has at most one");
        });
        return new VpnGatewayEvent.Created(new VpnGatewayState(id, accountId, name, vpcId.get(), description, tags));
    }

    /** JSON Merge Patch of name, description and tags; vpcId is fixed. */
    public Optional<VpnGatewayEvent.Updated> update(JsonNode patch) {
        VpnGatewayState current = state();
        requireObject(patch);
        Findings findings = new Findings();
        JsonReader json = new JsonReader(findings);
        json.refuseUnknown(patch, "", FIELDS, READ_ONLY);
        if (patch.has("vpcId") && !patch.get("vpcId").asText().equals(current.vpcId())) {
            findings.refuse("OperationDenied.ImmutableField", "vpcId",
                    "a VPN gateway stays with its VPC; create another one for another VPC");
        }
        String name = patch.has("name") ? json.label(patch, "name", "", "InvalidParameter.Name", 100).orElse("")
                : current.name();
        String description = patch.has("description")
                ? json.label(patch, "description", "", "InvalidParameter.Description", 256).orElse("")
                : current.description();
        Map<String, String> tags = patch.has("tags") ? json.mergedTags(current.tags(), patch)
                : current.tags();
        findings.throwIfRefused();
        VpnGatewayState next = new VpnGatewayState(current.id(), current.accountId(), name, current.vpcId(),
                description, tags);
        return next.equals(current) ? Optional.empty() : Optional.of(new VpnGatewayEvent.Updated(next));
    }

    /** A VPN gateway with connections attached cannot go (as Neutron answers 409 for a VPN service in use). */
    public VpnGatewayEvent.Deleted delete(List<String> attachedConnections) {
        VpnGatewayState current = state();
        if (!attachedConnections.isEmpty()) {
            throw new ConflictingState("DependencyViolation.VpnGatewayInUse", "id",
                    "VPN gateway " + current.id() + " has IPsec connection(s) "
                            + String.join(", ", attachedConnections) + "; delete or detach them first");
        }
        return new VpnGatewayEvent.Deleted(current);
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw InvalidRequest.of("InvalidParameter.Body", "", "the body must be a JSON object");
        }
    }
}
