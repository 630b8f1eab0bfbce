package io.vpnplane.agent.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.crypto.PseudoRandomFunction;
import io.vpnplane.agent.dpd.DpdAction;
import io.vpnplane.agent.dpd.InvalidDpdPolicyException;
import io.vpnplane.agent.dataplane.Ipv4Header;
import io.vpnplane.agent.healthcheck.HealthCheckConfig;
import io.vpnplane.agent.esp.AntiReplayWindow;
import io.vpnplane.agent.ike.Cidr;
import io.vpnplane.agent.ike.EngineSettings;
import io.vpnplane.agent.ike.Identity;
import io.vpnplane.agent.ike.PreSharedKey;
import io.vpnplane.agent.ike.TunnelConfig;
import io.vpnplane.agent.ikev1.Ikev1Mode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The agent's standalone configuration (no Kafka): tunnels with the fields of a connection's tunnel
 * in the REST API plus addresses and selectors, in YAML or JSON. Format: docs/agent-config.md.
 */
public record StandaloneConfig(EngineSettings engine, DataPlaneSettings dataPlane, List<TunnelConfig> tunnels,
                               Map<String, HealthCheckConfig> healthChecks, Map<String, Ikev1Mode> ikev1Tunnels,
                               Optional<BgpSettings> bgp) {

    public StandaloneConfig {
        tunnels = List.copyOf(tunnels);
        healthChecks = Map.copyOf(healthChecks);
        ikev1Tunnels = Map.copyOf(ikev1Tunnels);
    }

    /** No BGP speaker. */
    public StandaloneConfig(EngineSettings engine, DataPlaneSettings dataPlane, List<TunnelConfig> tunnels,
                            Map<String, HealthCheckConfig> healthChecks, Map<String, Ikev1Mode> ikev1Tunnels) {
        this(engine, dataPlane, tunnels, healthChecks, ikev1Tunnels, Optional.empty());
    }

    /** Every tunnel on IKEv2. */
    public StandaloneConfig(EngineSettings engine, DataPlaneSettings dataPlane, List<TunnelConfig> tunnels,
                            Map<String, HealthCheckConfig> healthChecks) {
        this(engine, dataPlane, tunnels, healthChecks, Map.of());
    }

    /**
     * The TUN + ESP data plane. {@code enabled} empty means "when this host can": running as root with
     * /dev/net/tun (see {@link #enabledOn}); without it the agent negotiates but carries no traffic.
     * {@code offloads}: TCP segmentation and checksum offloads on the TUN device (on by default; the
     * device falls back to plain by itself if the kernel refuses them).
     */
    public record DataPlaneSettings(Optional<Boolean> enabled, String tunName, boolean offloads) {

        public static final DataPlaneSettings DEFAULT = new DataPlaneSettings(Optional.empty(), "vpl0", true);

        public boolean enabledOn(boolean tunAvailable) {
            return enabled.orElse(tunAvailable);
        }
    }

    public static StandaloneConfig read(Path file) throws IOException, InvalidConfigException {
        String name = file.getFileName().toString();
        ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        return parse(mapper.readTree(Files.readAllBytes(file)));
    }

    public static StandaloneConfig parse(JsonNode root) throws InvalidConfigException {
        if (root == null || !root.isObject()) {
            throw new InvalidConfigException("$", "must be an object with a 'tunnels' list");
        }
        EngineSettings engine = EngineSettings.defaults();
        JsonNode engineNode = root.path("engine");
        if (engineNode.isObject()) {
            engine = engine.withPorts(integer(engineNode, "ikePort", "$.engine", 500, 1, 65535),
                    integer(engineNode, "natTraversalPort", "$.engine", 4500, 1, 65535));
        }
        DataPlaneSettings dataPlane = DataPlaneSettings.DEFAULT;
        JsonNode dataPlaneNode = root.path("dataPlane");
        if (dataPlaneNode.isObject()) {
            JsonNode enabled = dataPlaneNode.path("enabled");
            if (!enabled.isMissingNode() && !enabled.isBoolean()) {
                throw new InvalidConfigException("$.dataPlane.enabled", "must be true or false");
            }
            String tunName = text(dataPlaneNode, "tunName", "$.dataPlane", DataPlaneSettings.DEFAULT.tunName());
            if (!tunName.matches("[A-Za-z0-9_.-]{1,15}")) {
                throw new InvalidConfigException("$.dataPlane.tunName", "must be an interface name of 1..15 characters");
            }
            JsonNode offloads = dataPlaneNode.path("offloads");
            if (!offloads.isMissingNode() && !offloads.isBoolean()) {
                throw new InvalidConfigException("$.dataPlane.offloads", "must be true or false");
            }
            dataPlane = new DataPlaneSettings(enabled.isBoolean() ? Optional.of(enabled.asBoolean()) : Optional.empty(),
                    tunName, offloads.isMissingNode() || offloads.asBoolean());
        }
        Optional<BgpSettings> bgp = BgpSettings.parse(root.path("bgp"), "$.bgp");
        JsonNode list = root.path("tunnels");
        if (!(list.isArray() || (list.isMissingNode() && bgp.isPresent())) || (list.isEmpty() && bgp.isEmpty())) {
            throw new InvalidConfigException("$.tunnels", "must be a non-empty list (it may be left out when 'bgp' has sessions)");
        }
        List<TunnelConfig> tunnels = new ArrayList<>();
        Map<String, HealthCheckConfig> healthChecks = new HashMap<>();
        Map<String, Ikev1Mode> ikev1Tunnels = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            TunnelConfig tunnel = tunnel(list.get(i), "$.tunnels[" + i + "]");
            if (!ids.add(tunnel.id())) {
                throw new InvalidConfigException("$.tunnels[" + i + "].id", "duplicate id " + tunnel.id());
            }
            tunnels.add(tunnel);
            ikev1Mode(list.get(i).path("ike"), "$.tunnels[" + i + "].ike").ifPresent(mode -> ikev1Tunnels.put(tunnel.id(), mode));
            JsonNode check = list.get(i).path("healthCheck");
            if (check.isObject() && bool(check, "enabled", true)) {
                healthChecks.put(tunnel.id(), healthCheck(check, "$.tunnels[" + i + "].healthCheck"));
            }
        }
        return new StandaloneConfig(engine, dataPlane, tunnels, healthChecks, ikev1Tunnels, bgp);
    }

    private static TunnelConfig tunnel(JsonNode node, String path) throws InvalidConfigException {
        String id = text(node, "id", path, null);
        InetAddress local = address(text(node, "localAddress", path, null), path + ".localAddress");
        InetAddress remote = address(text(node, "remoteAddress", path, null), path + ".remoteAddress");
        String psk = text(node, "psk", path, null);
        JsonNode ike = node.path("ike");
        String ikePath = path + ".ike";
        boolean ikev1 = ikev1Mode(ike, ikePath).isPresent();
        EncryptionAlgorithm ikeEncryption = algorithm(ike, "encryption", ikePath, "aes", EncryptionAlgorithm::fromConfigName);
        if (ikev1 && ikeEncryption.isAead()) {
            throw new InvalidConfigException(ikePath + ".encryption", "IKEv1 phase 1 needs a CBC cipher, not "
                    + ikeEncryption.configName());
        }
        IntegrityAlgorithm ikeHash = algorithm(ike, "authentication", ikePath, "sha1", IntegrityAlgorithm::fromConfigName);
        PseudoRandomFunction prf = ikeHash.matchingPrf(); // REQ-TUN-004: the PRF uses the same hash
        List<DiffieHellmanGroup> groups = new ArrayList<>();
        JsonNode dh = ike.path("dhGroup");
        if (dh.isArray()) {
            for (int i = 0; i < dh.size(); i++) {
                groups.add(group(dh.get(i).asText(), ikePath + ".dhGroup[" + i + "]"));
            }
        } else {
            groups.add(group(text(ike, "dhGroup", ikePath, "group2"), ikePath + ".dhGroup"));
        }
        Identity localId = identity(text(ike, "localId", ikePath, local.getHostAddress()), ikePath + ".localId");
        Identity remoteId = identity(text(ike, "remoteId", ikePath, remote.getHostAddress()), ikePath + ".remoteId");
        TunnelConfig.IkeSettings ikeSettings = new TunnelConfig.IkeSettings(ikeEncryption, prf,
                ikeEncryption.isAead() ? Optional.empty() : Optional.of(ikeHash), groups,
                lifetime(ike, ikePath), localId, remoteId);

        JsonNode ipsec = node.path("ipsec");
        String ipsecPath = path + ".ipsec";
        EncryptionAlgorithm espEncryption = algorithm(ipsec, "encryption", ipsecPath, "aes", EncryptionAlgorithm::fromConfigName);
        IntegrityAlgorithm espHash = algorithm(ipsec, "authentication", ipsecPath, "sha1", IntegrityAlgorithm::fromConfigName);
        String pfs = text(ipsec, "dhGroup", ipsecPath, "group2");
        TunnelConfig.IpsecSettings ipsecSettings = new TunnelConfig.IpsecSettings(espEncryption,
                espEncryption.isAead() ? Optional.empty() : Optional.of(espHash),
                pfs.equals("disabled") ? Optional.empty() : Optional.of(group(pfs, ipsecPath + ".dhGroup")),
                lifetime(ipsec, ipsecPath), bool(ipsec, "extendedSequenceNumbers", false),
                replayWindow(ipsec, ipsecPath));

        JsonNode dpd = node.path("dpd");
        boolean dpdEnabled = bool(dpd, "enabled", true);
        String action = text(dpd, "action", path + ".dpd", "restart");
        DpdAction dpdAction = switch (action) {
            case "restart" -> DpdAction.RESTART;
            case "hold" -> DpdAction.HOLD;
            case "clear" -> DpdAction.CLEAR;
            default -> throw new InvalidConfigException(path + ".dpd.action", "restart, hold or clear, not " + action);
        };
        TunnelConfig.DpdSettings dpdSettings;
        try {
            dpdSettings = new TunnelConfig.DpdSettings(dpdEnabled,
                    Duration.ofSeconds(integer(dpd, "intervalSeconds", path + ".dpd", 10, 1, 3600)),
                    // REQ-TUN-006: the default timeout is 30 s with IKEv1, 130 s with IKEv2.
                    Duration.ofSeconds(integer(dpd, "timeoutSeconds", path + ".dpd", ikev1 ? 30 : 130, 1, 3600)),
                    dpdAction);
        } catch (InvalidDpdPolicyException e) {
            throw new InvalidConfigException(path + ".dpd." + e.field() + "Seconds", e.getMessage());
        }

        String routing = text(node, "routingMode", path, "destination");
        TunnelConfig.RoutingMode mode = switch (routing) {
            case "destination" -> TunnelConfig.RoutingMode.DESTINATION;
            case "policy" -> TunnelConfig.RoutingMode.POLICY;
            default -> throw new InvalidConfigException(path + ".routingMode", "destination or policy, not " + routing);
        };
        List<Cidr> localCidrs = cidrs(node.path("localCidrs"), path + ".localCidrs");
        List<Cidr> remoteCidrs = cidrs(node.path("remoteCidrs"), path + ".remoteCidrs");
        if (mode == TunnelConfig.RoutingMode.POLICY && (localCidrs.isEmpty() || remoteCidrs.isEmpty())) {
            throw new InvalidConfigException(path + ".localCidrs", "policy mode needs localCidrs and remoteCidrs");
        }
        boolean effectImmediately = bool(node, "effectImmediately", true);
        String initiatorMode = text(node, "initiatorMode", path, "bi-directional");
        TunnelConfig.StartAction start = switch (initiatorMode) {
            case "response-only" -> TunnelConfig.StartAction.RESPOND_ONLY; // REQ-B-004
            case "bi-directional" -> effectImmediately ? TunnelConfig.StartAction.START
                    : TunnelConfig.StartAction.TRAP; // REQ-CONN-008
            default -> throw new InvalidConfigException(path + ".initiatorMode",
                    "bi-directional or response-only, not " + initiatorMode);
        };
        try {
            return new TunnelConfig(id, local, remote, new PreSharedKey(psk), ikeSettings, ipsecSettings, dpdSettings,
                    bool(node, "natTraversal", true), bool(node, "forceEncapsulation", true), mode, localCidrs,
                    remoteCidrs, start);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(path, e.getMessage());
        }
    }

    /** {@code ike.version} (ikev2 | ikev1) and, for IKEv1, {@code ike.mode} (main | aggressive), REQ-TUN-004. */
    private static Optional<Ikev1Mode> ikev1Mode(JsonNode ike, String path) throws InvalidConfigException {
        String version = text(ike, "version", path, "ikev2");
        switch (version) {
            case "ikev2" -> {
                if (!text(ike, "mode", path, "main").equals("main")) {
                    throw new InvalidConfigException(path + ".mode", "main (aggressive mode exists in IKEv1 only)");
                }
                return Optional.empty();
            }
            case "ikev1" -> {
                return switch (text(ike, "mode", path, "main")) {
                    case "main" -> Optional.of(Ikev1Mode.MAIN);
                    case "aggressive" -> Optional.of(Ikev1Mode.AGGRESSIVE);
                    default -> throw new InvalidConfigException(path + ".mode", "main or aggressive");
                };
            }
            default -> throw new InvalidConfigException(path + ".version", "ikev1 or ikev2, not " + version);
        }
    }

    /** REQ-TUN-011: probes from sourceIp to destinationIp through the tunnel; defaults 3 s, 3 retries, switchRoute. */
    private static HealthCheckConfig healthCheck(JsonNode node, String path) throws InvalidConfigException {
        String source = text(node, "sourceIp", path, null);
        String destination = text(node, "destinationIp", path, null);
        address(source, path + ".sourceIp");
        address(destination, path + ".destinationIp");
        int interval = integer(node, "intervalMillis", path, (int) HealthCheckConfig.DEFAULT_INTERVAL.toMillis(),
                (int) HealthCheckConfig.MIN_INTERVAL.toMillis(), 3_600_000);
        int retries = integer(node, "retries", path, HealthCheckConfig.DEFAULT_RETRIES, 1, 100);
        return new HealthCheckConfig(Ipv4Header.parseAddress(source), Ipv4Header.parseAddress(destination),
                Duration.ofMillis(interval), retries,
                bool(node, "switchRoute", true));
    }

    static String text(JsonNode node, String field, String path, String fallback) throws InvalidConfigException {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (fallback == null) {
                throw new InvalidConfigException(path + "." + field, "is required");
            }
            return fallback;
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw new InvalidConfigException(path + "." + field, "must be a non-empty value");
        }
        return value.asText();
    }

    static int integer(JsonNode node, String field, String path, int fallback, int min, int max)
            throws InvalidConfigException {
        JsonNode value = node.path(field);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            throw new InvalidConfigException(path + "." + field, "must be an integer in " + min + ".." + max);
        }
        return value.asInt();
    }

    /** RFC 4303 §3.4.3 anti-replay window in packets: 0 (off) or 32..65536, default 64. */
    private static int replayWindow(JsonNode ipsec, String path) throws InvalidConfigException {
        int size = integer(ipsec, "replayWindow", path, TunnelConfig.IpsecSettings.DEFAULT_REPLAY_WINDOW, 0,
                AntiReplayWindow.MAX_SIZE);
        if (size != 0 && size < 32) {
            throw new InvalidConfigException(path + ".replayWindow", "must be 0 (off) or 32.." + AntiReplayWindow.MAX_SIZE);
        }
        return size;
    }

    static boolean bool(JsonNode node, String field, boolean fallback) {
        JsonNode value = node.path(field);
        return value.isBoolean() ? value.asBoolean() : fallback;
    }

    private static Duration lifetime(JsonNode node, String path) throws InvalidConfigException {
        // 0..86400 as in the API (REQ-TUN-004/005); 0 means the default of one day.
        int seconds = integer(node, "lifetimeSeconds", path, 86400, 0, 86400);
        return Duration.ofSeconds(seconds == 0 ? 86400 : seconds);
    }

    private static <T> T algorithm(JsonNode node, String field, String path, String fallback,
                                   Function<String, Optional<T>> lookup) throws InvalidConfigException {
        String name = text(node, field, path, fallback);
        return lookup.apply(name).orElseThrow(() -> new InvalidConfigException(path + "." + field,
                "unknown algorithm " + name));
    }

    private static DiffieHellmanGroup group(String name, String path) throws InvalidConfigException {
        return DiffieHellmanGroup.fromConfigName(name).orElseThrow(() -> new InvalidConfigException(path,
                "unknown DH group " + name));
    }

    static InetAddress address(String text, String path) throws InvalidConfigException {
        try {
            Cidr.parse(text + "/32");
            return InetAddress.getByName(text);
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw new InvalidConfigException(path, "not an IPv4 address: " + text);
        }
    }

    private static Identity identity(String text, String path) throws InvalidConfigException {
        try {
            return Identity.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(path, e.getMessage());
        }
    }

    private static List<Cidr> cidrs(JsonNode node, String path) throws InvalidConfigException {
        List<Cidr> result = new ArrayList<>();
        if (node.isMissingNode()) {
            return result;
        }
        if (!node.isArray()) {
            throw new InvalidConfigException(path, "must be a list of CIDRs");
        }
        for (int i = 0; i < node.size(); i++) {
            try {
                result.add(Cidr.parse(node.get(i).asText()));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(path + "[" + i + "]", e.getMessage());
            }
        }
        return result;
    }
}
