package io.vpnplane.connection.ipsec;

import static io.vpnplane.connection.validation.JsonReader.path;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.connection.net.Asn;
import io.vpnplane.connection.net.Ipv4Address;
import io.vpnplane.connection.net.Ipv4Cidr;
import io.vpnplane.connection.validation.Findings;
import io.vpnplane.connection.validation.JsonReader;

/**
 * Turns the JSON of an IPsec connection (a POST body, or the stored configuration with a merge patch applied)
 * into an {@link IpsecConnectionSpec}: every rule of the seeds that needs nothing but the request itself is
 * checked here, all violations reported at once with their JSON paths, defaults applied. Rules that need other
 * resources (the customer gateway's ASN, the connection's history) live in {@link IpsecConnectionRules}.
 */
public final class IpsecConnectionSpecReader {

    /** Pre-shared keys read from the body, by tunnel id; never part of the spec itself. */
    public record Read(IpsecConnectionSpec spec, Map<String, PreSharedKey> preSharedKeys) {
    }

    static final Set<String> CONNECTION_FIELDS = Set.of("name", "resourceGroupId", "tags", "attachment",
            "gatewayType", "tunnelMode", "routingMode", "localCidrs", "remoteCidrs", "effectImmediately", "initiator",
            "bgp", "advanced", "tunnels");
    static final Set<String> CONNECTION_READ_ONLY = Set.of("id", "accountId", "createdAt", "updatedAt", "version",
            "warnings", "grants", "neutron");
    static final Set<String> TUNNEL_FIELDS = Set.of("customerGatewayId", "preSharedKey", "ike", "ipsec", "dpd",
            "natTraversal", "bgp", "healthCheck");
    static final Set<String> TUNNEL_READ_ONLY = Set.of("id", "customerGatewayIp", "customerGatewayAsn",
            "preSharedKeyVersion", "gatewayIp", "status", "state");

    private static final Ipv4Cidr LINK_LOCAL = Ipv4Cidr.of("169.254.0.0/16");
    private static final List<Ipv4Cidr> RESERVED_TUNNEL_CIDRS = List.of(
            Ipv4Cidr.of("169.254.0.0/30"), Ipv4Cidr.of("169.254.1.0/30"), Ipv4Cidr.of("169.254.2.0/30"),
            Ipv4Cidr.of("169.254.3.0/30"), Ipv4Cidr.of("169.254.4.0/30"), Ipv4Cidr.of("169.254.5.0/30"),
            Ipv4Cidr.of("169.254.6.0/30"), Ipv4Cidr.of("169.254.169.252/30"));
    private static final Pattern FQDN = Pattern.compile(
            "(?=.{1,100}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?");
    private static final int MAX_ID_LENGTH = 100;
    private static final int MAX_NAME_LENGTH = 100;

    private final Supplier<String> newTunnelId;

    /** @param newTunnelId names a tunnel that comes without an {@code id} (a new one) */
    public IpsecConnectionSpecReader(Supplier<String> newTunnelId) {
        this.newTunnelId = newTunnelId;
    }

    public Optional<Read> read(JsonNode body, Findings findings) {
        JsonReader json = new JsonReader(findings);
        if (!body.isObject()) {
            findings.refuse("InvalidParameter.Body", "", "the body must be a JSON object");
            return Optional.empty();
        }
        json.refuseUnknown(body, "", CONNECTION_FIELDS, CONNECTION_READ_ONLY);

        String name = json.label(body, "name", "", "InvalidParameter.Name", MAX_NAME_LENGTH).orElse("");
        Optional<String> resourceGroupId = json.label(body, "resourceGroupId", "", "InvalidParameter.ResourceGroupId", 64);
        Map<String, String> tags = json.tags(body, "");
        Attachment attachment = readAttachment(json, body);
        GatewayType gatewayType = json.spelled(body, "gatewayType", "", "InvalidParameter.GatewayType",
                GatewayType.class).orElse(GatewayType.PUBLIC);
        TunnelMode tunnelMode = json.spelled(body, "tunnelMode", "", "InvalidParameter.TunnelMode",
                TunnelMode.class).orElse(TunnelMode.DUAL);
        RoutingMode routingMode = json.spelled(body, "routingMode", "", "InvalidParameter.RoutingMode",
                RoutingMode.class).orElse(RoutingMode.DESTINATION);
        List<Ipv4Cidr> localCidrs = json.cidrList(body, "localCidrs", "", "InvalidParameter.LocalCidrs")
                .orElse(List.of());
        List<Ipv4Cidr> remoteCidrs = json.cidrList(body, "remoteCidrs", "", "InvalidParameter.RemoteCidrs")
                .orElse(List.of());
        boolean effectImmediately = json.bool(body, "effectImmediately", "", "InvalidParameter.EffectImmediately")
                .orElse(true);
        // REQ-B-004: bi-directional unless the gateway must only answer.
        Initiator initiator = json.spelled(body, "initiator", "", "InvalidParameter.Initiator", Initiator.class)
                .orElse(Initiator.BI_DIRECTIONAL);
        ConnectionBgp bgp = readConnectionBgp(json, body);
        AdvancedSettings advanced = readAdvanced(json, body);

        Map<String, PreSharedKey> keys = new LinkedHashMap<>();
        List<TunnelOptions> tunnels = json.list(body, "tunnels", "", "InvalidParameter.Tunnels",
                (element, elementPath) -> readTunnel(json, element, elementPath, keys)).orElse(List.of());

        checkRoutingMode(findings, body, routingMode, localCidrs, remoteCidrs);
        checkTunnels(findings, body, tunnelMode, attachment, localCidrs, remoteCidrs, bgp, tunnels);

        if (findings.hasViolations()) {
            return Optional.empty();
        }
        return Optional.of(new Read(new IpsecConnectionSpec(name, resourceGroupId, tags, attachment, gatewayType,
                tunnelMode, routingMode, localCidrs, remoteCidrs, effectImmediately, initiator, bgp, advanced, tunnels),
                keys));
    }

    private static Attachment readAttachment(JsonReader json, JsonNode body) {
        Optional<ObjectNode> node = json.object(body, "attachment", "", "InvalidParameter.Attachment");
        if (node.isEmpty()) {
            return new Attachment.None();
        }
        ObjectNode a = node.get();
        json.refuseUnknown(a, "attachment",
                Set.of("type", "vpnGatewayId", "cenInstanceId", "transitRouterId", "zone"), Set.of());
        AttachmentType type = json.spelled(a, "type", "attachment", "InvalidParameter.AttachmentType",
                AttachmentType.class).orElse(AttachmentType.NONE);
        Optional<String> vpnGatewayId = json.label(a, "vpnGatewayId", "attachment", "InvalidParameter.VpnGatewayId", 64);
        Optional<String> cenInstanceId = json.label(a, "cenInstanceId", "attachment", "InvalidParameter.CenInstanceId", 64);
        Optional<String> transitRouterId = json.label(a, "transitRouterId", "attachment",
                "InvalidParameter.TransitRouterId", 64);
        Optional<String> zone = json.label(a, "zone", "attachment", "InvalidParameter.Zone", 64);
        Findings findings = json.findings();
        switch (type) {
            case NONE -> {
                onlyWith(findings, vpnGatewayId, "attachment.vpnGatewayId", "vpn-gateway");
                onlyWith(findings, cenInstanceId, "attachment.cenInstanceId", "transit-router");
                onlyWith(findings, transitRouterId, "attachment.transitRouterId", "transit-router");
                onlyWith(findings, zone, "attachment.zone", "transit-router");
                return new Attachment.None();
            }
            case VPN_GATEWAY -> {
                onlyWith(findings, cenInstanceId, "attachment.cenInstanceId", "transit-router");
                onlyWith(findings, transitRouterId, "attachment.transitRouterId", "transit-router");
                onlyWith(findings, zone, "attachment.zone", "transit-router");
                if (vpnGatewayId.isEmpty()) {
                    findings.refuse("MissingParameter.VpnGatewayId", "attachment.vpnGatewayId",
                            "an attachment of type vpn-gateway needs vpnGatewayId");
                    return new Attachment.None();
                }
                return new Attachment.ToVpnGateway(vpnGatewayId.get());
            }
            case TRANSIT_ROUTER -> {
                onlyWith(findings, vpnGatewayId, "attachment.vpnGatewayId", "vpn-gateway");
                // REQ-CONN-002: the CEN instance and the transit router are both required.
                if (cenInstanceId.isEmpty()) {
                    findings.refuse("MissingParameter.CenInstanceId", "attachment.cenInstanceId",
                            "an attachment of type transit-router needs cenInstanceId");
                }
                if (transitRouterId.isEmpty()) {
                    findings.refuse("MissingParameter.TransitRouterId", "attachment.transitRouterId",
                            "an attachment of type transit-router needs transitRouterId");
                }
                if (cenInstanceId.isEmpty() || transitRouterId.isEmpty()) {
                    return new Attachment.None();
                }
                return new Attachment.ToTransitRouter(cenInstanceId.get(), transitRouterId.get(), zone);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static void onlyWith(Findings findings, Optional<String> value, String field, String type) {
        if (value.isPresent()) {
            findings.refuse("InvalidParameter.Attachment", field,
                    "only allowed with an attachment of type " + type);
        }
    }

    private static ConnectionBgp readConnectionBgp(JsonReader json, JsonNode body) {
        Optional<ObjectNode> node = json.object(body, "bgp", "", "InvalidParameter.Bgp");
        if (node.isEmpty()) {
            return ConnectionBgp.defaults();
        }
        json.refuseUnknown(node.get(), "bgp", Set.of("enabled", "localAsn"), Set.of());
        boolean enabled = json.bool(node.get(), "enabled", "bgp", "InvalidParameter.EnableBgp").orElse(false);
        Optional<Asn> localAsn = json.asn(node.get(), "localAsn", "bgp", "InvalidParameter.LocalAsn");
        // REQ-CONN-009: a public local ASN is allowed but private ones are recommended. The default 45104 is the
        // provider's own documented ASN, so only a public ASN the client chose is flagged.
        localAsn.filter(asn -> !asn.isPrivate() && !asn.equals(ConnectionBgp.DEFAULT_LOCAL_ASN))
                .ifPresent(asn -> json.findings().warn("NotRecommended.PublicAsn", "bgp.localAsn",
                        "ASN " + asn.value() + " is public; a private ASN (64512-65534, 4200000000-4294967294) "
                                + "is recommended"));
        return new ConnectionBgp(enabled, localAsn.orElse(ConnectionBgp.DEFAULT_LOCAL_ASN));
    }

    private static AdvancedSettings readAdvanced(JsonReader json, JsonNode body) {
        Optional<ObjectNode> node = json.object(body, "advanced", "", "InvalidParameter.Advanced");
        if (node.isEmpty()) {
            return AdvancedSettings.defaults();
        }
        ObjectNode a = node.get();
        json.refuseUnknown(a, "advanced",
                Set.of("autoAdvertiseRoutes", "autoAssociateDefaultRouteTable", "autoPropagateToDefaultRouteTable"),
                Set.of());
        return new AdvancedSettings(
                json.bool(a, "autoAdvertiseRoutes", "advanced", "InvalidParameter.AutoAdvertiseRoutes").orElse(true),
                json.bool(a, "autoAssociateDefaultRouteTable", "advanced",
                        "InvalidParameter.AutoAssociateDefaultRouteTable").orElse(true),
                json.bool(a, "autoPropagateToDefaultRouteTable", "advanced",
                        "InvalidParameter.AutoPropagateToDefaultRouteTable").orElse(true));
    }

    private Optional<TunnelOptions> readTunnel(JsonReader json, JsonNode tunnel, String path,
            Map<String, PreSharedKey> keys) {
        Findings findings = json.findings();
        if (!tunnel.isObject()) {
            findings.refuse("InvalidParameter.Tunnel", path, "a tunnel must be a JSON object");
            return Optional.empty();
        }
        json.refuseUnknown(tunnel, path, TUNNEL_FIELDS, TUNNEL_READ_ONLY);
        String id = json.text(tunnel, "id", path, "InvalidParameter.TunnelId").orElseGet(newTunnelId);

        // REQ-TUN-001: every tunnel names its customer gateway.
        Optional<String> customerGatewayId = json.label(tunnel, "customerGatewayId", path,
                "InvalidParameter.CustomerGatewayId", 64);
        if (customerGatewayId.isEmpty() && !findings.refused(path(path, "customerGatewayId"))) {
            findings.refuse("MissingParameter.CustomerGatewayId", path(path, "customerGatewayId"),
                    "every tunnel needs a customer gateway");
        }

        // REQ-TUN-002: 1-100 characters of the allowed set, no spaces.
        json.text(tunnel, "preSharedKey", path, "InvalidParameter.PreSharedKey").ifPresent(text -> {
            Optional<PreSharedKey> key = PreSharedKey.parse(text);
            if (key.isEmpty()) {
                findings.refuse("InvalidParameter.PreSharedKey", path(path, "preSharedKey"),
                        "a pre-shared key is 1 to 100 characters of letters, digits and "
                                + "~`!@#$%^&*()_-+={}[]\\|;:',.<>/? without spaces");
            } else {
                keys.put(id, key.get());
            }
        });

        IkeSettings ike = readIke(json, tunnel, path);
        IpsecSettings ipsec = readIpsec(json, tunnel, path);
        DeadPeerDetection dpd = readDpd(json, tunnel, path, ike.version());
        boolean natTraversal = json.bool(tunnel, "natTraversal", path, "InvalidParameter.NatTraversal").orElse(true);
        Optional<TunnelBgp> bgp = readTunnelBgp(json, tunnel, path);
        HealthCheck healthCheck = readHealthCheck(json, tunnel, path);
        return customerGatewayId.map(cgw -> new TunnelOptions(id, cgw, ike, ipsec, dpd, natTraversal, bgp,
                healthCheck));
    }

    private static IkeSettings readIke(JsonReader json, JsonNode tunnel, String tunnelPath) {
        Optional<ObjectNode> node = json.object(tunnel, "ike", tunnelPath, "InvalidParameter.Ike");
        if (node.isEmpty()) {
            return IkeSettings.defaults();
        }
        ObjectNode ike = node.get();
        String path = path(tunnelPath, "ike");
        Findings findings = json.findings();
        json.refuseUnknown(ike, path, Set.of("version", "mode", "encryption", "integrity", "dhGroup",
                "lifetimeSeconds", "localId", "remoteId"), Set.of());
        IkeSettings defaults = IkeSettings.defaults();
        IkeVersion version = json.spelled(ike, "version", path, "InvalidParameter.IkeVersion", IkeVersion.class)
                .orElse(defaults.version());
        NegotiationMode mode = json.spelled(ike, "mode", path, "InvalidParameter.IkeMode", NegotiationMode.class)
                .orElse(defaults.mode());
        // REQ-TUN-004: aggressive mode exists only in IKEv1.
        if (mode == NegotiationMode.AGGRESSIVE && version == IkeVersion.IKEV2) {
            findings.refuse("InvalidParameter.IkeMode", path(path, "mode"),
                    "aggressive mode exists only with ikev1; IKEv2 has no negotiation modes");
        }
        EncryptionAlgorithm encryption = json.spelled(ike, "encryption", path, "InvalidParameter.IkeEncryption",
                EncryptionAlgorithm.class).orElse(defaults.encryption());
        warnEncryption(findings, encryption, path(path, "encryption"));
        IntegrityAlgorithm integrity = json.spelled(ike, "integrity", path, "InvalidParameter.IkeIntegrity",
                IntegrityAlgorithm.class).orElse(defaults.integrity());
        warnIntegrity(findings, integrity, path(path, "integrity"));
        DhGroup dhGroup = json.spelled(ike, "dhGroup", path, "InvalidParameter.IkeDhGroup", DhGroup.class)
                .orElse(defaults.dhGroup());
        // REQ-TUN-004: phase 1 always runs a Diffie-Hellman exchange; "disabled" is a phase 2 (PFS) value only.
        if (dhGroup == DhGroup.DISABLED) {
            findings.refuse("InvalidParameter.IkeDhGroup", path(path, "dhGroup"),
                    "phase 1 needs a DH group: group1, group2, group5 or group14 ('disabled' is for ipsec.dhGroup)");
        }
        int lifetime = json.integer(ike, "lifetimeSeconds", path, "InvalidParameter.IkeLifetime", 0,
                IkeSettings.MAX_LIFETIME_SECONDS).orElse(defaults.lifetimeSeconds());
        Optional<String> localId = readIdentity(json, ike, "localId", path, "InvalidParameter.LocalId");
        Optional<String> remoteId = readIdentity(json, ike, "remoteId", path, "InvalidParameter.RemoteId");
        // REQ-TUN-004: with an FQDN identity the seeds recommend aggressive mode; that choice exists with IKEv1 only.
        if (version == IkeVersion.IKEV1 && mode == NegotiationMode.MAIN) {
            localId.filter(id -> Ipv4Address.parse(id).isEmpty()).ifPresent(id -> findings.warn(
                    "NotRecommended.FqdnIdWithMainMode", path(path, "localId"),
                    "with an FQDN identity aggressive mode is recommended"));
            remoteId.filter(id -> Ipv4Address.parse(id).isEmpty()).ifPresent(id -> findings.warn(
                    "NotRecommended.FqdnIdWithMainMode", path(path, "remoteId"),
                    "with an FQDN identity aggressive mode is recommended"));
        }
        return new IkeSettings(version, mode, encryption, integrity, dhGroup, lifetime, localId, remoteId);
    }

    /** REQ-TUN-004: an IKE identity is an IPv4 address or an FQDN, no spaces, at most 100 characters. */
    private static Optional<String> readIdentity(JsonReader json, JsonNode ike, String name, String path,
            String code) {
        Optional<String> id = json.text(ike, name, path, code);
        if (id.isPresent() && (id.get().length() > MAX_ID_LENGTH
                || (Ipv4Address.parse(id.get()).isEmpty() && !FQDN.matcher(id.get()).matches()))) {
            json.findings().refuse(code, path(path, name),
                    "must be an IPv4 address or a fully qualified domain name without spaces, at most "
                            + MAX_ID_LENGTH + " characters");
            return Optional.empty();
        }
        return id;
    }

    private static IpsecSettings readIpsec(JsonReader json, JsonNode tunnel, String tunnelPath) {
        Optional<ObjectNode> node = json.object(tunnel, "ipsec", tunnelPath, "InvalidParameter.Ipsec");
        if (node.isEmpty()) {
            return IpsecSettings.defaults();
        }
        ObjectNode ipsec = node.get();
        String path = path(tunnelPath, "ipsec");
        json.refuseUnknown(ipsec, path, Set.of("encryption", "integrity", "dhGroup", "lifetimeSeconds"), Set.of());
        IpsecSettings defaults = IpsecSettings.defaults();
        // REQ-TUN-005: same algorithm sets and defaults as phase 1; dhGroup may be "disabled" (no PFS).
        EncryptionAlgorithm encryption = json.spelled(ipsec, "encryption", path, "InvalidParameter.IpsecEncryption",
                EncryptionAlgorithm.class).orElse(defaults.encryption());
        warnEncryption(json.findings(), encryption, path(path, "encryption"));
        IntegrityAlgorithm integrity = json.spelled(ipsec, "integrity", path, "InvalidParameter.IpsecIntegrity",
                IntegrityAlgorithm.class).orElse(defaults.integrity());
        warnIntegrity(json.findings(), integrity, path(path, "integrity"));
        DhGroup dhGroup = json.spelled(ipsec, "dhGroup", path, "InvalidParameter.IpsecDhGroup", DhGroup.class)
                .orElse(defaults.dhGroup());
        int lifetime = json.integer(ipsec, "lifetimeSeconds", path, "InvalidParameter.IpsecLifetime", 0,
                IkeSettings.MAX_LIFETIME_SECONDS).orElse(defaults.lifetimeSeconds());
        return new IpsecSettings(encryption, integrity, dhGroup, lifetime);
    }

    private static void warnEncryption(Findings findings, EncryptionAlgorithm encryption, String field) {
        if (!encryption.recommended()) {
            findings.warn("NotRecommended.Encryption", field,
                    encryption.json() + " is not recommended; use aes, aes192 or aes256");
        }
    }

    private static void warnIntegrity(Findings findings, IntegrityAlgorithm integrity, String field) {
        if (integrity == IntegrityAlgorithm.MD5) {
            findings.warn("NotRecommended.Integrity", field, "md5 is not recommended; use sha256 or stronger");
        }
    }

    private static DeadPeerDetection readDpd(JsonReader json, JsonNode tunnel, String tunnelPath,
            IkeVersion version) {
        DeadPeerDetection defaults = DeadPeerDetection.defaults(version);
        Optional<ObjectNode> node = json.object(tunnel, "dpd", tunnelPath, "InvalidParameter.Dpd");
        if (node.isEmpty()) {
            return defaults;
        }
        ObjectNode dpd = node.get();
        String path = path(tunnelPath, "dpd");
        json.refuseUnknown(dpd, path, Set.of("enabled", "action", "intervalSeconds", "timeoutSeconds"), Set.of());
        boolean enabled = json.bool(dpd, "enabled", path, "InvalidParameter.DpdEnabled").orElse(true);
        DpdAction action = json.spelled(dpd, "action", path, "InvalidParameter.DpdAction", DpdAction.class)
                .orElse(defaults.action());
        // REQ-B-003: interval at least 1 s, timeout greater than the interval.
        Optional<Integer> interval = json.integer(dpd, "intervalSeconds", path, "InvalidParameter.DpdInterval", 1,
                3600);
        Optional<Integer> timeout = json.integer(dpd, "timeoutSeconds", path, "InvalidParameter.DpdTimeout", 2,
                86_400);
        int effectiveInterval = interval.orElse(defaults.intervalSeconds());
        int effectiveTimeout = timeout.orElse(defaults.timeoutSeconds());
        if (effectiveTimeout <= effectiveInterval && !json.findings().refused(path(path, "timeoutSeconds"))) {
            json.findings().refuse("InvalidParameter.DpdTimeout", path(path, "timeoutSeconds"),
                    "the DPD timeout (" + effectiveTimeout + " s) must be greater than the interval ("
                            + effectiveInterval + " s)");
        }
        return new DeadPeerDetection(enabled, action, effectiveInterval, effectiveTimeout);
    }

    private static Optional<TunnelBgp> readTunnelBgp(JsonReader json, JsonNode tunnel, String tunnelPath) {
        Optional<ObjectNode> node = json.object(tunnel, "bgp", tunnelPath, "InvalidParameter.TunnelBgp");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode bgp = node.get();
        String path = path(tunnelPath, "bgp");
        Findings findings = json.findings();
        json.refuseUnknown(bgp, path, Set.of("tunnelCidr", "localBgpIp"), Set.of());
        Optional<Ipv4Cidr> cidr = json.cidr(bgp, "tunnelCidr", path, "InvalidParameter.TunnelCidr");
        Optional<Ipv4Address> localBgpIp = json.ipv4(bgp, "localBgpIp", path, "InvalidParameter.LocalBgpIp");
        if (!bgp.hasNonNull("tunnelCidr")) {
            findings.refuse("MissingParameter.TunnelCidr", path(path, "tunnelCidr"),
                    "tunnel BGP settings need a tunnelCidr");
        }
        if (!bgp.hasNonNull("localBgpIp")) {
            findings.refuse("MissingParameter.LocalBgpIp", path(path, "localBgpIp"),
                    "tunnel BGP settings need a localBgpIp");
        }
        // REQ-TUN-008: a /30 of 169.254.0.0/16 that is not one of the reserved blocks.
        cidr.ifPresent(c -> {
            if (c.prefixLength() != 30 || !LINK_LOCAL.contains(c)) {
                findings.refuse("InvalidParameter.TunnelCidr", path(path, "tunnelCidr"),
                        c + " must be a /30 inside 169.254.0.0/16");
            } else if (RESERVED_TUNNEL_CIDRS.contains(c)) {
                findings.refuse("InvalidParameter.TunnelCidr", path(path, "tunnelCidr"),
                        c + " is reserved; 169.254.0.0/30 to 169.254.6.0/30 and 169.254.169.252/30 cannot be used");
            }
        });
        // REQ-TUN-008: the cloud side's BGP address is a host address of the tunnel CIDR.
        if (cidr.isPresent() && localBgpIp.isPresent() && !cidr.get().isHostAddress(localBgpIp.get())) {
            findings.refuse("InvalidParameter.LocalBgpIp", path(path, "localBgpIp"),
                    localBgpIp.get() + " is not a host address of " + cidr.get());
        }
        if (cidr.isEmpty() || localBgpIp.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TunnelBgp(cidr.get(), localBgpIp.get()));
    }

    private static HealthCheck readHealthCheck(JsonReader json, JsonNode tunnel, String tunnelPath) {
        Optional<ObjectNode> node = json.object(tunnel, "healthCheck", tunnelPath, "InvalidParameter.HealthCheck");
        HealthCheck defaults = HealthCheck.defaults();
        if (node.isEmpty()) {
            return defaults;
        }
        ObjectNode check = node.get();
        String path = path(tunnelPath, "healthCheck");
        json.refuseUnknown(check, path, Set.of("enabled", "destinationIp", "sourceIp", "intervalSeconds", "intervalMillis",
                "retries", "switchRoute"), Set.of());
        // REQ-TUN-011: disabled by default; interval 3 s, 3 retries and switchRoute true unless given.
        boolean enabled = json.bool(check, "enabled", path, "InvalidParameter.HealthCheckEnabled").orElse(false);
        Optional<Ipv4Address> destination = json.ipv4(check, "destinationIp", path,
                "InvalidParameter.HealthCheckDestinationIp");
        Optional<Ipv4Address> source = json.ipv4(check, "sourceIp", path, "InvalidParameter.HealthCheckSourceIp");
        Optional<Integer> seconds = json.integer(check, "intervalSeconds", path, "InvalidParameter.HealthCheckInterval", 1, 60);
        Optional<Integer> millis = json.integer(check, "intervalMillis", path, "InvalidParameter.HealthCheckIntervalMillis",
                HealthCheck.MIN_INTERVAL_MILLIS, 60_000);
        if (seconds.isPresent() && millis.isPresent()) {
            json.findings().refuse("InvalidParameter.HealthCheckInterval", path(path, "intervalMillis"),
                    "give the interval as intervalSeconds or as intervalMillis, not both");
        }
        int interval = millis.map(ms -> (ms + 999) / 1000).or(() -> seconds).orElse(defaults.intervalSeconds());
        int retries = json.integer(check, "retries", path, "InvalidParameter.HealthCheckRetries", 1, 100)
                .orElse(defaults.retries());
        boolean switchRoute = json.bool(check, "switchRoute", path, "InvalidParameter.HealthCheckSwitchRoute")
                .orElse(true);
        if (enabled && !check.hasNonNull("destinationIp")) {
            json.findings().refuse("MissingParameter.HealthCheckDestinationIp", path(path, "destinationIp"),
                    "an enabled health check needs the on-premises destinationIp to ping");
        }
        if (enabled && !check.hasNonNull("sourceIp")) {
            json.findings().refuse("MissingParameter.HealthCheckSourceIp", path(path, "sourceIp"),
                    "an enabled health check needs the cloud-side sourceIp");
        }
        return new HealthCheck(enabled, destination, source, interval, retries, switchRoute, millis);
    }

    private static void checkRoutingMode(Findings findings, JsonNode body, RoutingMode routingMode,
            List<Ipv4Cidr> localCidrs, List<Ipv4Cidr> remoteCidrs) {
        if (routingMode == RoutingMode.POLICY) {
            // REQ-CONN-005: protected data flows need both sides' CIDR blocks.
            if (body.path("localCidrs").isEmpty() && !findings.refused("localCidrs")) {
                findings.refuse("MissingParameter.LocalCidrs", "localCidrs",
                        "policy routing mode needs at least one local CIDR block");
            }
            if (body.path("remoteCidrs").isEmpty() && !findings.refused("remoteCidrs")) {
                findings.refuse("MissingParameter.RemoteCidrs", "remoteCidrs",
                        "policy routing mode needs at least one remote CIDR block");
            }
        } else {
            if (!localCidrs.isEmpty()) {
                findings.refuse("InvalidParameter.LocalCidrs", "localCidrs",
                        "local CIDR blocks are used in policy routing mode only; destination mode routes by "
                                + "destination routes");
            }
            if (!remoteCidrs.isEmpty()) {
                findings.refuse("InvalidParameter.RemoteCidrs", "remoteCidrs",
                        "remote CIDR blocks are used in policy routing mode only; destination mode routes by "
                                + "destination routes");
            }
        }
    }

    private static void checkTunnels(Findings findings, JsonNode body, TunnelMode tunnelMode, Attachment attachment,
            List<Ipv4Cidr> localCidrs, List<Ipv4Cidr> remoteCidrs, ConnectionBgp bgp, List<TunnelOptions> tunnels) {
        JsonNode tunnelsNode = body.get("tunnels");
        int given = tunnelsNode != null && tunnelsNode.isArray() ? tunnelsNode.size() : 0;
        int expected = tunnelMode == TunnelMode.DUAL ? 2 : 1;
        if (tunnelsNode == null || tunnelsNode.isNull()) {
            findings.refuse("MissingParameter.Tunnels", "tunnels",
                    "a " + tunnelMode.json() + "-tunnel connection needs " + expected + " tunnel(s)");
        } else if (tunnelsNode.isArray() && given != expected) {
            // REQ-CONN-004: single mode has exactly one tunnel, dual mode exactly two.
            findings.refuse("InvalidParameter.TunnelCount", "tunnels",
                    "a " + tunnelMode.json() + "-tunnel connection has exactly " + expected + " tunnel(s), not "
                            + given);
        }
        // REQ-CONN-004: new transit-router attachments are dual-tunnel only.
        if (tunnelMode == TunnelMode.SINGLE && attachment instanceof Attachment.ToTransitRouter) {
            findings.refuse("OperationDenied.SingleTunnelTransitRouter", "tunnelMode",
                    "a connection attached to a transit router must use tunnelMode dual");
        }
        // REQ-CONN-006: more than one CIDR block on either side needs IKEv2 on every tunnel.
        if (localCidrs.size() > 1 || remoteCidrs.size() > 1) {
            for (int i = 0; i < tunnels.size(); i++) {
                if (tunnels.get(i).ike().version() != IkeVersion.IKEV2) {
                    findings.refuse("InvalidParameter.MultipleCidrsRequireIkev2", "tunnels[" + i + "].ike.version",
                            "more than one local or remote CIDR block requires ike.version ikev2");
                }
            }
        }
        List<Ipv4Cidr> seenCidrs = new ArrayList<>();
        for (int i = 0; i < tunnels.size(); i++) {
            TunnelOptions tunnel = tunnels.get(i);
            // REQ-TUN-010: BGP on the connection needs the BGP settings of every tunnel.
            if (bgp.enabled() && tunnel.bgp().isEmpty() && !findings.refused("tunnels[" + i + "].bgp.tunnelCidr")
                    && !findings.refused("tunnels[" + i + "].bgp.localBgpIp")) {
                findings.refuse("MissingParameter.TunnelBgp", "tunnels[" + i + "].bgp",
                        "BGP is enabled: every tunnel needs bgp.tunnelCidr and bgp.localBgpIp");
            }
            // REQ-TUN-009: the two tunnels of a dual-tunnel connection use different tunnel CIDRs.
            if (tunnel.bgp().isPresent()) {
                Ipv4Cidr cidr = tunnel.bgp().get().tunnelCidr();
                if (seenCidrs.contains(cidr)) {
                    findings.refuse("InvalidParameter.DuplicateTunnelCidr", "tunnels[" + i + "].bgp.tunnelCidr",
                            cidr + " is already used by the other tunnel of this connection");
                }
                seenCidrs.add(cidr);
            }
        }
        long distinctIds = tunnels.stream().map(TunnelOptions::id).distinct().count();
        if (distinctIds != tunnels.size()) {
            findings.refuse("InvalidParameter.TunnelId", "tunnels", "tunnel ids must be unique");
        }
    }
}
