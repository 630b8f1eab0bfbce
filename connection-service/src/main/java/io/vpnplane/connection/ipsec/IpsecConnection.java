package io.vpnplane.connection.ipsec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.connection.validation.ConflictingState;
import io.vpnplane.connection.validation.Findings;
import io.vpnplane.connection.validation.InvalidRequest;
import io.vpnplane.connection.validation.JsonReader;
import io.vpnplane.connection.validation.MergePatch;
import io.vpnplane.connection.validation.ResourceNotFound;
import io.vpnplane.connection.validation.Warning;
import io.vpnplane.events.EventJson;
import io.vpnplane.events.connection.IpsecConnectionEvent;
import io.vpnplane.events.connection.IpsecConnectionState;
import io.vpnplane.events.secret.TransitKey;

/**
 * The IPsec connection aggregate: rebuilt from its events, it decides each command into new events (and the
 * pre-shared keys to store beside them, which never enter an event in plain text). Its state is the last event's
 * {@link IpsecConnectionState}; the typed {@link IpsecConnectionSpec} is re-read from it when a rule needs it.
 *
 * <p>A key is sealed with the {@link TransitKey} for tunnel-service once, when it is set or changed, and the sealed
 * value rides along in the state, so every later event carries it without opening the key store.
 */
public final class IpsecConnection {

    /** What a command produced: events to append, keys to store encrypted, warnings for the caller. */
    public record Decision(List<IpsecConnectionEvent> events, Map<String, PreSharedKey> newKeys,
            List<Warning> warnings) {

        public Decision {
            events = List.copyOf(events);
            newKeys = Map.copyOf(newKeys);
            warnings = List.copyOf(warnings);
        }

        public Optional<IpsecConnectionState> resultingState() {
            return events.isEmpty() ? Optional.empty() : Optional.of(events.getLast().connection());
        }
    }

    /** The state's JSON name of {@link IpsecConnectionState.Tunnel#transitSealedPreSharedKey()}. */
    private static final String TRANSIT_SEALED_FIELD = "transitSealedPreSharedKey";

    private final Optional<IpsecConnectionState> state;
    private final boolean deleted;

    private IpsecConnection(Optional<IpsecConnectionState> state, boolean deleted) {
        this.state = state;
        this.deleted = deleted;
    }

    public static IpsecConnection replay(List<IpsecConnectionEvent> events) {
        IpsecConnection connection = new IpsecConnection(Optional.empty(), false);
        for (IpsecConnectionEvent event : events) {
            connection = connection.apply(event);
        }
        return connection;
    }

    public IpsecConnection apply(IpsecConnectionEvent event) {
        return new IpsecConnection(Optional.of(event.connection()), event instanceof IpsecConnectionEvent.Deleted);
    }

    public boolean exists() {
        return state.isPresent() && !deleted;
    }

    public IpsecConnectionState state() {
        return state.filter(s -> !deleted)
                .orElseThrow(() -> new ResourceNotFound("NotFound.IpsecConnection", "no such IPsec connection"));
    }

    /** Visible to its owner, and to an account holding a grant (for attach/detach only; see callers). */
    public boolean ownedBy(String accountId) {
        return exists() && state.get().accountId().equals(accountId);
    }

    // ---- create

    public static Decision create(String id, String accountId, JsonNode body, References references,
            Supplier<String> newTunnelId, TransitKey transitKey) {
        return create(id, accountId, body, references, newTunnelId, transitKey, Optional.empty());
    }

    /** @param neutron the Neutron site-connection attributes of a connection created through {@code /v2.0/} */
    public static Decision create(String id, String accountId, JsonNode body, References references,
            Supplier<String> newTunnelId, TransitKey transitKey, Optional<IpsecConnectionState.Neutron> neutron) {
        JsonNode input = withoutTunnelIds(body);
        Findings findings = new Findings();
        Optional<IpsecConnectionSpecReader.Read> read = new IpsecConnectionSpecReader(newTunnelId)
                .read(input, findings);
        read.ifPresent(r -> IpsecConnectionRules.check(r.spec(), references, findings));
        findings.throwIfRefused();
        IpsecConnectionSpec spec = read.orElseThrow().spec();
        // REQ-TUN-002: a tunnel without a key gets a random 16-character one.
        Map<String, PreSharedKey> keys = new LinkedHashMap<>();
        Map<String, String> sealed = new HashMap<>();
        for (TunnelOptions tunnel : spec.tunnels()) {
            PreSharedKey key = read.get().preSharedKeys().getOrDefault(tunnel.id(), PreSharedKey.generate());
            keys.put(tunnel.id(), key);
            sealed.put(tunnel.id(), seal(transitKey, tunnel.id(), 1, key));
        }
        IpsecConnectionState state = IpsecConnectionJson.state(id, accountId, spec, references.customerGateways(),
                Map.of(), sealed, List.of(), neutron);
        return new Decision(List.of(new IpsecConnectionEvent.Created(state)), keys, findings.warnings());
    }

    private static JsonNode withoutTunnelIds(JsonNode body) {
        if (!body.isObject()) {
            return body;
        }
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        if (copy.get("tunnels") instanceof ArrayNode tunnels) {
            tunnels.forEach(t -> {
                if (t instanceof ObjectNode tunnel) {
                    tunnel.remove("id");
                }
            });
        }
        return copy;
    }

    // ---- update (connection-level JSON Merge Patch)

    public Decision update(JsonNode patch, References references) {
        return update(patch, references, Optional.empty());
    }

    /**
     * A Neutron site connection's update: the connection-level patch and the Neutron attributes it now has (the
     * endpoint groups its CIDRs came from, its description).
     */
    public Decision updateSiteConnection(JsonNode patch, References references, IpsecConnectionState.Neutron neutron) {
        return update(patch, references, Optional.of(neutron));
    }

    /** @param neutron the Neutron attributes to set; empty: keep what still describes the connection */
    private Decision update(JsonNode patch, References references, Optional<IpsecConnectionState.Neutron> neutron) {
        IpsecConnectionState current = state();
        requireObject(patch);
        Findings findings = new Findings();
        ObjectNode merged = (ObjectNode) MergePatch.apply(stored(current), withoutReadOnly(patch));
        refuseOutsidePatch(patch, findings);
        checkImmutable(current, patch, findings);
        Optional<IpsecConnectionSpecReader.Read> read = reread(merged, findings);
        read.ifPresent(r -> IpsecConnectionRules.check(r.spec(), references, findings));
        findings.throwIfRefused();
        IpsecConnectionState stated = stateOf(current, read.get().spec(), references);
        IpsecConnectionState next = neutron.isPresent() ? withNeutron(stated, neutron) : stated;
        List<String> changed = changedTopLevel(current, next);
        if (changed.isEmpty()) {
            return new Decision(List.of(), Map.of(), findings.warnings());
        }
        return new Decision(List.of(new IpsecConnectionEvent.Updated(next, changed)), Map.of(),
                findings.warnings());
    }

    /** Tunnels, attachment and the BGP switch have their own endpoints; gateway type and tunnel mode never change. */
    private static void refuseOutsidePatch(JsonNode patch, Findings findings) {
        if (patch.has("tunnels")) {
            findings.refuse("InvalidParameter.Tunnels", "tunnels",
                    "change a tunnel with PATCH /v1/ipsec-connections/{id}/tunnels/{tunnelId}");
        }
        if (patch.has("attachment")) {
            findings.refuse("InvalidParameter.Attachment", "attachment",
                    "attach with POST and detach with DELETE /v1/ipsec-connections/{id}/attachment");
        }
        if (patch.path("bgp").has("enabled")) {
            findings.refuse("InvalidParameter.EnableBgp", "bgp.enabled",
                    "switch BGP with PUT /v1/ipsec-connections/{id}/bgp, which also takes each tunnel's BGP settings");
        }
    }

    private static void checkImmutable(IpsecConnectionState current, JsonNode patch, Findings findings) {
        // REQ-CONN-003, REQ-MOD-001, REQ-MOD-002: the gateway type never changes after creation.
        if (patch.has("gatewayType") && !patch.get("gatewayType").asText().equals(current.gatewayType())) {
            findings.refuse("OperationDenied.GatewayTypeImmutable", "gatewayType",
                    "the gateway type cannot be changed after creation");
        }
        if (patch.has("tunnelMode") && !patch.get("tunnelMode").asText().equals(current.tunnelMode())) {
            findings.refuse("OperationDenied.TunnelModeImmutable", "tunnelMode",
                    "the tunnel mode cannot be changed after creation");
        }
    }

    // ---- one tunnel (REQ-MOD-003)

    public Decision changeTunnel(String tunnelId, JsonNode patch, References references, TransitKey transitKey) {
        IpsecConnectionState current = state();
        requireObject(patch);
        int index = tunnelIndex(current, tunnelId);
        ObjectNode stored = stored(current);
        ObjectNode tunnelBefore = (ObjectNode) stored.withArray("tunnels").get(index);
        ObjectNode tunnelPatch = withoutReadOnly(patch);
        boolean keyReplaced = tunnelPatch.has("preSharedKey");
        ObjectNode tunnelAfter = (ObjectNode) MergePatch.apply(tunnelBefore, tunnelPatch);
        keepDefaultDpdTimeoutFollowingVersion(tunnelBefore, tunnelPatch, tunnelAfter);
        stored.withArray("tunnels").set(index, tunnelAfter);

        Findings findings = new Findings();
        Optional<IpsecConnectionSpecReader.Read> read = reread(stored, findings);
        read.ifPresent(r -> IpsecConnectionRules.check(r.spec(), references, findings));
        findings.throwIfRefused();

        Map<String, PreSharedKey> newKeys = new HashMap<>();
        Map<String, Integer> keyVersions = keyVersions(current);
        Map<String, String> sealed = transitSealed(current);
        if (keyReplaced) {
            // REQ-TUN-002: "preSharedKey": null asks for a new generated key.
            PreSharedKey key = read.get().preSharedKeys().getOrDefault(tunnelId, PreSharedKey.generate());
            newKeys.put(tunnelId, key);
            int version = keyVersions.merge(tunnelId, 1, Integer::sum);
            sealed.put(tunnelId, seal(transitKey, tunnelId, version, key));
        }
        IpsecConnectionState next = stateOf(current, read.get().spec(), references, keyVersions, sealed);
        List<String> changed = changedTunnelFields(current.tunnels().get(index), next.tunnels().get(index));
        if (changed.isEmpty()) {
            return new Decision(List.of(), Map.of(), findings.warnings());
        }
        return new Decision(List.of(new IpsecConnectionEvent.TunnelChanged(tunnelId, next, changed)), newKeys,
                findings.warnings());
    }

    /**
     * A DPD timeout that was the seeds' default for the old IKE version becomes the default of the new one
     * (REQ-TUN-006: 30 s with IKEv1, 130 s with IKEv2), unless the patch sets the timeout itself.
     */
    private static void keepDefaultDpdTimeoutFollowingVersion(ObjectNode before, ObjectNode patch,
            ObjectNode after) {
        String oldVersion = before.path("ike").path("version").asText();
        String newVersion = after.path("ike").path("version").asText(oldVersion);
        if (oldVersion.equals(newVersion) || patch.path("dpd").has("timeoutSeconds")) {
            return;
        }
        int oldDefault = DeadPeerDetection.defaultTimeoutSeconds(
                oldVersion.equals(IkeVersion.IKEV1.json()) ? IkeVersion.IKEV1 : IkeVersion.IKEV2);
        if (after.path("dpd").path("timeoutSeconds").asInt() == oldDefault && after.get("dpd") instanceof ObjectNode dpd) {
            dpd.remove("timeoutSeconds");
        }
    }

    private static List<String> changedTunnelFields(IpsecConnectionState.Tunnel a, IpsecConnectionState.Tunnel b) {
        List<String> changed = new ArrayList<>();
        if (!a.customerGatewayId().equals(b.customerGatewayId())) {
            changed.add("customerGatewayId");
        }
        if (a.preSharedKeyVersion() != b.preSharedKeyVersion()) {
            changed.add("preSharedKey");
        }
        if (!a.ike().equals(b.ike())) {
            changed.add("ike");
        }
        if (!a.ipsec().equals(b.ipsec())) {
            changed.add("ipsec");
        }
        if (!a.dpd().equals(b.dpd())) {
            changed.add("dpd");
        }
        if (a.natTraversal() != b.natTraversal()) {
            changed.add("natTraversal");
        }
        if (!Objects.equals(a.bgp(), b.bgp())) {
            changed.add("bgp");
        }
        if (!a.healthCheck().equals(b.healthCheck())) {
            changed.add("healthCheck");
        }
        return changed;
    }

    // ---- BGP switch (REQ-TUN-010)

    /**
     * Body: {@code {"enabled": true, "localAsn": 65001, "tunnels": [{"bgp": {"tunnelCidr", "localBgpIp"}}, …]}},
     * {@code tunnels[i]} being the connection's i-th tunnel (an optional {@code id} must match it).
     */
    public Decision setBgp(JsonNode body, References references) {
        IpsecConnectionState current = state();
        requireObject(body);
        Findings findings = new Findings();
        JsonReader json = new JsonReader(findings);
        json.refuseUnknown(body, "", Set.of("enabled", "localAsn", "tunnels"), Set.of());
        if (!body.hasNonNull("enabled")) {
            findings.refuse("MissingParameter.EnableBgp", "enabled", "say whether BGP is enabled: true or false");
        }
        Optional<Boolean> enabled = json.bool(body, "enabled", "", "InvalidParameter.EnableBgp");
        ObjectNode stored = stored(current);
        ObjectNode bgp = stored.withObject("bgp");
        enabled.ifPresent(e -> bgp.put("enabled", e));
        if (body.has("localAsn")) {
            bgp.set("localAsn", body.get("localAsn"));
        }
        JsonNode tunnels = body.path("tunnels");
        if (!tunnels.isMissingNode() && !tunnels.isNull()) {
            if (!tunnels.isArray() || tunnels.size() > current.tunnels().size()) {
                findings.refuse("InvalidParameter.Tunnels", "tunnels",
                        "an array of at most " + current.tunnels().size() + " tunnel BGP settings, in tunnel order");
            } else {
                for (int i = 0; i < tunnels.size(); i++) {
                    JsonNode given = tunnels.get(i);
                    String path = "tunnels[" + i + "]";
                    json.refuseUnknown(given, path, Set.of("id", "bgp"), Set.of());
                    if (given.hasNonNull("id") && !given.get("id").asText().equals(current.tunnels().get(i).id())) {
                        findings.refuse("InvalidParameter.TunnelId", path + ".id",
                                "tunnels[" + i + "] is tunnel " + current.tunnels().get(i).id());
                    }
                    if (given.has("bgp")) {
                        ((ObjectNode) stored.withArray("tunnels").get(i)).set("bgp", given.get("bgp"));
                    }
                }
            }
        }
        Optional<IpsecConnectionSpecReader.Read> read = reread(stored, findings);
        read.ifPresent(r -> IpsecConnectionRules.check(r.spec(), references, findings));
        findings.throwIfRefused();
        IpsecConnectionState next = stateOf(current, read.get().spec(), references);
        if (next.equals(current)) {
            return new Decision(List.of(), Map.of(), findings.warnings());
        }
        IpsecConnectionEvent event;
        if (next.bgp().enabled() && !current.bgp().enabled()) {
            event = new IpsecConnectionEvent.BgpEnabled(next);
        } else if (!next.bgp().enabled() && current.bgp().enabled()) {
            event = new IpsecConnectionEvent.BgpDisabled(next);
        } else {
            event = new IpsecConnectionEvent.Updated(next, changedTopLevel(current, next));
        }
        return new Decision(List.of(event), Map.of(), findings.warnings());
    }

    // ---- attachment (REQ-CONN-002, REQ-CONN-004, REQ-MOD-005)

    /**
     * Attaches to a transit router or VPN gateway; body is an {@code attachment} object. Another account may
     * attach only to the CEN instance a grant names (REQ-MOD-005); to anyone else the connection does not exist.
     */
    public Decision attach(String callerAccountId, JsonNode body, References references) {
        IpsecConnectionState current = state();
        requireObject(body);
        boolean owner = current.accountId().equals(callerAccountId);
        if (!owner && current.grants().stream().noneMatch(g -> g.peerAccountId().equals(callerAccountId))) {
            throw new ResourceNotFound("NotFound.IpsecConnection", "no such IPsec connection");
        }
        if (!"none".equals(current.attachment().type())) {
            throw new ConflictingState("IncorrectStatus.AlreadyAttached", "attachment",
                    "the connection is already attached to " + describe(current.attachment()) + "; detach it first");
        }
        Findings findings = new Findings();
        if (!body.hasNonNull("type")) {
            findings.refuse("MissingParameter.AttachmentType", "attachment.type",
                    "say what to attach to: transit-router or vpn-gateway");
        } else if ("none".equals(body.get("type").asText())) {
            findings.refuse("InvalidParameter.AttachmentType", "attachment.type",
                    "to detach, use DELETE /v1/ipsec-connections/{id}/attachment");
        }
        ObjectNode stored = stored(current);
        stored.set("attachment", body);
        Optional<IpsecConnectionSpecReader.Read> read = reread(stored, findings);
        read.ifPresent(r -> {
            IpsecConnectionRules.check(r.spec(), references, findings);
            if (!owner && !grantedFor(current, callerAccountId, r.spec().attachment())) {
                findings.refuse("Forbidden.NoGrant", "attachment.cenInstanceId",
                        "the connection's owner has not authorized this account and CEN instance to attach it");
            }
            if (!owner && r.spec().attachment() instanceof Attachment.ToVpnGateway) {
                findings.refuse("Forbidden.NoGrant", "attachment.type",
                        "another account can attach the connection to its transit router only");
            }
        });
        findings.throwIfRefused();
        IpsecConnectionState next = stateOf(current, read.get().spec(), references);
        return new Decision(List.of(new IpsecConnectionEvent.Attached(next)), Map.of(), findings.warnings());
    }

    private static boolean grantedFor(IpsecConnectionState current, String account, Attachment attachment) {
        return attachment instanceof Attachment.ToTransitRouter tr && current.grants().stream()
                .anyMatch(g -> g.peerAccountId().equals(account) && g.cenInstanceId().equals(tr.cenInstanceId()));
    }

    /** The owner, or the grantee whose CEN instance holds the attachment, may detach. */
    public Decision detach(String callerAccountId) {
        IpsecConnectionState current = state();
        IpsecConnectionState.Attachment attachment = current.attachment();
        boolean owner = current.accountId().equals(callerAccountId);
        boolean attachedGrantee = current.grants().stream().anyMatch(g -> g.peerAccountId().equals(callerAccountId)
                && attachment.cenInstanceId().equals(Optional.of(g.cenInstanceId())));
        if (!owner && !attachedGrantee) {
            throw new ResourceNotFound("NotFound.IpsecConnection", "no such IPsec connection");
        }
        if ("none".equals(attachment.type())) {
            throw new ConflictingState("IncorrectStatus.NotAttached", "attachment",
                    "the connection is not attached");
        }
        IpsecConnectionState next = withAttachment(current, IpsecConnectionJson.NO_ATTACHMENT);
        return new Decision(List.of(new IpsecConnectionEvent.Detached(next, attachment)), Map.of(), List.of());
    }

    // ---- cross-account grants (REQ-MOD-005)

    /** Body: {@code {"peerAccountId", "cenInstanceId", "payer": "cen-owner" | "vpn-owner"}}. */
    public Decision addGrant(JsonNode body) {
        IpsecConnectionState current = state();
        requireObject(body);
        Findings findings = new Findings();
        JsonReader json = new JsonReader(findings);
        json.refuseUnknown(body, "", Set.of("peerAccountId", "cenInstanceId", "payer"), Set.of());
        Optional<String> peer = json.label(body, "peerAccountId", "", "InvalidParameter.PeerAccountId", 64);
        Optional<String> cen = json.label(body, "cenInstanceId", "", "InvalidParameter.CenInstanceId", 64);
        Payer payer = json.spelled(body, "payer", "", "InvalidParameter.Payer", Payer.class).orElse(Payer.CEN_OWNER);
        if (!body.hasNonNull("peerAccountId")) {
            findings.refuse("MissingParameter.PeerAccountId", "peerAccountId", "name the account to authorize");
        }
        if (!body.hasNonNull("cenInstanceId")) {
            findings.refuse("MissingParameter.CenInstanceId", "cenInstanceId",
                    "name the other account's CEN instance");
        }
        peer.filter(p -> p.equals(current.accountId())).ifPresent(p -> findings.refuse(
                "InvalidParameter.PeerAccountId", "peerAccountId",
                "a grant authorizes another account; the owner can attach without one"));
        findings.throwIfRefused();
        requireDetached(current, "grant");
        if (current.grants().stream().anyMatch(g -> g.peerAccountId().equals(peer.get())
                && g.cenInstanceId().equals(cen.get()))) {
            throw new ConflictingState("Conflict.GrantExists", "cenInstanceId",
                    "account " + peer.get() + " is already authorized for CEN instance " + cen.get());
        }
        IpsecConnectionState.Grant grant = new IpsecConnectionState.Grant(peer.get(), cen.get(), payer.json());
        List<IpsecConnectionState.Grant> grants = new ArrayList<>(current.grants());
        grants.add(grant);
        IpsecConnectionState next = withGrants(current, grants);
        return new Decision(List.of(new IpsecConnectionEvent.GrantAdded(next, grant)), Map.of(), List.of());
    }

    public Decision revokeGrant(String peerAccountId, String cenInstanceId) {
        IpsecConnectionState current = state();
        IpsecConnectionState.Grant grant = current.grants().stream()
                .filter(g -> g.peerAccountId().equals(peerAccountId) && g.cenInstanceId().equals(cenInstanceId))
                .findFirst()
                .orElseThrow(() -> new ResourceNotFound("NotFound.Grant",
                        "no grant for account " + peerAccountId + " and CEN instance " + cenInstanceId));
        requireDetached(current, "revoke");
        List<IpsecConnectionState.Grant> grants = new ArrayList<>(current.grants());
        grants.remove(grant);
        IpsecConnectionState next = withGrants(current, grants);
        return new Decision(List.of(new IpsecConnectionEvent.GrantRevoked(next, grant)), Map.of(), List.of());
    }

    /** REQ-MOD-005: grants are added and revoked only while the connection is not attached to a transit router. */
    private static void requireDetached(IpsecConnectionState current, String what) {
        if ("transit-router".equals(current.attachment().type())) {
            throw new ConflictingState("IncorrectStatus.Attached", "attachment",
                    "cannot " + what + " while the connection is attached to " + describe(current.attachment())
                            + "; detach it first");
        }
    }

    // ---- delete (REQ-MOD-004)

    public Decision delete() {
        IpsecConnectionState current = state();
        if ("transit-router".equals(current.attachment().type())) {
            throw new ConflictingState("IncorrectStatus.Attached", "attachment",
                    "the connection is attached to " + describe(current.attachment()) + "; detach it first");
        }
        return new Decision(List.of(new IpsecConnectionEvent.Deleted(current)), Map.of(), List.of());
    }

    // ---- helpers

    static String describe(IpsecConnectionState.Attachment attachment) {
        return switch (attachment.type()) {
            case "transit-router" -> "transit router " + attachment.transitRouterId().orElseThrow()
                    + " of CEN instance " + attachment.cenInstanceId().orElseThrow();
            case "vpn-gateway" -> "VPN gateway " + attachment.vpnGatewayId().orElseThrow();
            default -> "nothing";
        };
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw InvalidRequest.of("InvalidParameter.Body", "", "the body must be a JSON object");
        }
    }

    private static int tunnelIndex(IpsecConnectionState current, String tunnelId) {
        for (int i = 0; i < current.tunnels().size(); i++) {
            if (current.tunnels().get(i).id().equals(tunnelId)) {
                return i;
            }
        }
        throw new ResourceNotFound("NotFound.Tunnel", "the connection has no tunnel " + tunnelId);
    }

    /** The state as the reader reads it: what the API shows, minus read-only fields and the transit-sealed key. */
    static ObjectNode stored(IpsecConnectionState state) {
        ObjectNode node = EventJson.mapper().valueToTree(state);
        IpsecConnectionSpecReader.CONNECTION_READ_ONLY.forEach(node::remove);
        node.withArray("tunnels").forEach(t -> {
            IpsecConnectionSpecReader.TUNNEL_READ_ONLY.stream().filter(f -> !f.equals("id"))
                    .forEach(((ObjectNode) t)::remove);
            ((ObjectNode) t).remove(TRANSIT_SEALED_FIELD);
        });
        return node;
    }

    private static ObjectNode withoutReadOnly(JsonNode patch) {
        ObjectNode copy = ((ObjectNode) patch).deepCopy();
        IpsecConnectionSpecReader.CONNECTION_READ_ONLY.forEach(copy::remove);
        IpsecConnectionSpecReader.TUNNEL_READ_ONLY.forEach(copy::remove);
        return copy;
    }

    static IpsecConnectionSpec spec(IpsecConnectionState state) {
        Findings findings = new Findings();
        return new IpsecConnectionSpecReader(() -> {
            throw new IllegalStateException("a stored tunnel always has an id");
        }).read(stored(state), findings).map(IpsecConnectionSpecReader.Read::spec)
                .orElseThrow(() -> new IllegalStateException(
                "stored connection " + state.id() + " no longer reads: " + findings.violations()));
    }

    private static Optional<IpsecConnectionSpecReader.Read> reread(JsonNode merged, Findings findings) {
        return new IpsecConnectionSpecReader(() -> {
            throw new IllegalStateException("a stored tunnel always has an id");
        }).read(merged, findings);
    }

    private static Map<String, Integer> keyVersions(IpsecConnectionState state) {
        Map<String, Integer> versions = new HashMap<>();
        state.tunnels().forEach(t -> versions.put(t.id(), t.preSharedKeyVersion()));
        return versions;
    }

    /** Tunnel id → the transit-sealed key the state already carries (kept as is until the key changes). */
    private static Map<String, String> transitSealed(IpsecConnectionState state) {
        Map<String, String> sealed = new HashMap<>();
        state.tunnels().forEach(t -> t.transitSealedPreSharedKey().ifPresent(v -> sealed.put(t.id(), v)));
        return sealed;
    }

    /** docs/architecture.md "Secrets": bound to the tunnel and key version, so it cannot be replayed elsewhere. */
    private static String seal(TransitKey transitKey, String tunnelId, int keyVersion, PreSharedKey key) {
        return transitKey.seal(tunnelId, keyVersion, key.reveal().getBytes(StandardCharsets.UTF_8));
    }

    /** The next state with the tunnels' keys unchanged. */
    private static IpsecConnectionState stateOf(IpsecConnectionState current, IpsecConnectionSpec spec,
            References references) {
        return stateOf(current, spec, references, keyVersions(current), transitSealed(current));
    }

    private static IpsecConnectionState stateOf(IpsecConnectionState current, IpsecConnectionSpec spec,
            References references, Map<String, Integer> keyVersions, Map<String, String> transitSealed) {
        IpsecConnectionState next = IpsecConnectionJson.state(current.id(), current.accountId(), spec,
                references.customerGateways(), keyVersions, transitSealed, current.grants(), Optional.empty());
        return withNeutron(next, keptNeutron(current, next));
    }

    /**
     * The Neutron attributes that still describe {@code next}: a policy id only while the tunnel keeps the
     * settings the policy gave it, the endpoint group ids only while the CIDRs stay.
     */
    static Optional<IpsecConnectionState.Neutron> keptNeutron(IpsecConnectionState current,
            IpsecConnectionState next) {
        return current.neutron().map(n -> {
            IpsecConnectionState.Ike ikeBefore = current.tunnels().getFirst().ike();
            IpsecConnectionState.Ike ikeAfter = next.tunnels().getFirst().ike();
            boolean ikeKept = ikeBefore.equals(new IpsecConnectionState.Ike(ikeAfter.version(), ikeAfter.mode(),
                    ikeAfter.encryption(), ikeAfter.integrity(), ikeAfter.dhGroup(), ikeAfter.lifetimeSeconds(),
                    ikeBefore.localId(), ikeBefore.remoteId()));
            boolean ipsecKept = current.tunnels().getFirst().ipsec().equals(next.tunnels().getFirst().ipsec());
            boolean cidrsKept = current.localCidrs().equals(next.localCidrs())
                    && current.remoteCidrs().equals(next.remoteCidrs());
            return new IpsecConnectionState.Neutron(n.description(), n.ikePolicyId().filter(x -> ikeKept),
                    n.ipsecPolicyId().filter(x -> ipsecKept), n.localEndpointGroupId().filter(x -> cidrsKept),
                    n.peerEndpointGroupId().filter(x -> cidrsKept));
        });
    }

    private static IpsecConnectionState withAttachment(IpsecConnectionState s, IpsecConnectionState.Attachment a) {
        return new IpsecConnectionState(s.id(), s.accountId(), s.name(), s.resourceGroupId(), s.tags(), a,
                s.gatewayType(), s.tunnelMode(), s.routingMode(), s.localCidrs(), s.remoteCidrs(),
                s.effectImmediately(), s.bgp(), s.advanced(), s.tunnels(), s.grants(), s.initiator(), s.neutron());
    }

    private static IpsecConnectionState withGrants(IpsecConnectionState s, List<IpsecConnectionState.Grant> g) {
        return new IpsecConnectionState(s.id(), s.accountId(), s.name(), s.resourceGroupId(), s.tags(),
                s.attachment(), s.gatewayType(), s.tunnelMode(), s.routingMode(), s.localCidrs(), s.remoteCidrs(),
                s.effectImmediately(), s.bgp(), s.advanced(), s.tunnels(), List.copyOf(g), s.initiator(),
                s.neutron());
    }

    private static IpsecConnectionState withNeutron(IpsecConnectionState s,
            Optional<IpsecConnectionState.Neutron> neutron) {
        return new IpsecConnectionState(s.id(), s.accountId(), s.name(), s.resourceGroupId(), s.tags(),
                s.attachment(), s.gatewayType(), s.tunnelMode(), s.routingMode(), s.localCidrs(), s.remoteCidrs(),
                s.effectImmediately(), s.bgp(), s.advanced(), s.tunnels(), s.grants(), s.initiator(), neutron);
    }

    private static List<String> changedTopLevel(IpsecConnectionState a, IpsecConnectionState b) {
        ObjectNode before = EventJson.mapper().valueToTree(a);
        ObjectNode after = EventJson.mapper().valueToTree(b);
        List<String> changed = new ArrayList<>();
        after.fieldNames().forEachRemaining(name -> {
            if (!Objects.equals(before.get(name), after.get(name))) {
                changed.add(name);
            }
        });
        return changed;
    }
}
