package io.vpnplane.agent.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.vpnplane.agent.bgp.message.Ipv4Prefix;
import io.vpnplane.agent.bgp.session.SessionConfig;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code bgp} section of the standalone config: where the speaker listens and the sessions it runs (over a
 * tunnel's inner addresses, REQ-TUN-008, or a leased line), each with the prefixes it advertises. Format:
 * docs/agent-config.md.
 */
public record BgpSettings(List<InetSocketAddress> listen, List<Session> sessions) {

    public BgpSettings {
        listen = List.copyOf(listen);
        sessions = List.copyOf(sessions);
    }

    /** One session and what the agent announces on it. */
    public record Session(SessionConfig config, Set<Ipv4Prefix> advertise) {
        public Session {
            advertise = Set.copyOf(advertise);
        }
    }

    static Optional<BgpSettings> parse(JsonNode node, String path) throws InvalidConfigException {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new InvalidConfigException(path, "must be an object with 'sessions'");
        }
        List<InetSocketAddress> listen = new ArrayList<>();
        JsonNode listenNode = node.path("listen");
        for (int i = 0; i < listenNode.size(); i++) {
            String entry = listenNode.get(i).asText();
            String at = path + ".listen[" + i + "]";
            int colon = entry.lastIndexOf(':');
            if (colon < 0) {
                throw new InvalidConfigException(at, "must be ADDRESS:PORT, e.g. 169.254.10.1:179");
            }
            int port;
            try {
                port = Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(at, "port must be a number: " + entry);
            }
            if (port < 1 || port > 65535) {
                throw new InvalidConfigException(at, "port must be 1..65535: " + entry);
            }
            listen.add(new InetSocketAddress(StandaloneConfig.address(entry.substring(0, colon), at), port));
        }
        String routerId = StandaloneConfig.text(node, "routerId", path, null);
        JsonNode list = node.path("sessions");
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidConfigException(path + ".sessions", "must be a non-empty list");
        }
        List<Session> sessions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Session session = session(list.get(i), path + ".sessions[" + i + "]", routerId);
            if (!ids.add(session.config().id())) {
                throw new InvalidConfigException(path + ".sessions[" + i + "].id", "duplicate id " + session.config().id());
            }
            sessions.add(session);
        }
        return Optional.of(new BgpSettings(listen, sessions));
    }

    private static Session session(JsonNode node, String path, String routerId) throws InvalidConfigException {
        String id = StandaloneConfig.text(node, "id", path, null);
        long localAs = asn(node, "localAsn", path);
        long peerAs = asn(node, "peerAsn", path);
        Inet4Address router = (Inet4Address) StandaloneConfig.address(routerId, path + ".routerId");
        Inet4Address peer = (Inet4Address) StandaloneConfig.address(StandaloneConfig.text(node, "peerAddress", path, null),
                path + ".peerAddress");
        SessionConfig.Builder builder = SessionConfig.builder(id, localAs, peerAs, router, peer)
                .peerPort(StandaloneConfig.integer(node, "peerPort", path, SessionConfig.BGP_PORT, 1, 65535))
                .passive(StandaloneConfig.bool(node, "passive", false))
                .maxPrefixes(StandaloneConfig.integer(node, "maxPrefixes", path, SessionConfig.VPN_GATEWAY_MAX_PREFIXES, 0,
                        Integer.MAX_VALUE));
        int hold = StandaloneConfig.integer(node, "holdTimeSeconds", path, 90, 0, 65535);
        if (hold == 1 || hold == 2) {
            throw new InvalidConfigException(path + ".holdTimeSeconds", "must be 0 or 3..65535 (RFC 4271)");
        }
        builder.holdTime(Duration.ofSeconds(hold));
        if (node.has("connectRetrySeconds")) {
            builder.connectRetryTime(Duration.ofSeconds(StandaloneConfig.integer(node, "connectRetrySeconds", path, 120, 1, 65535)));
        }
        JsonNode local = node.path("localAddress");
        if (!local.isMissingNode()) {
            builder.localAddress((Inet4Address) StandaloneConfig.address(local.asText(), path + ".localAddress"));
        }
        Set<Ipv4Prefix> advertise = new TreeSet<>();
        JsonNode prefixes = node.path("advertise");
        for (int i = 0; i < prefixes.size(); i++) {
            String text = prefixes.get(i).asText();
            try {
                Ipv4Prefix prefix = Ipv4Prefix.parse(text);
                // the parser masks host bits; a config that has them is a typo, not a prefix to announce
                if (!prefix.toString().equals(text)) {
                    throw new IllegalArgumentException("host bits set");
                }
                advertise.add(prefix);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(path + ".advertise[" + i + "]", "not a canonical IPv4 prefix: " + text);
            }
        }
        try {
            return new Session(builder.build(), advertise);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(path, e.getMessage());
        }
    }

    private static long asn(JsonNode node, String field, String path) throws InvalidConfigException {
        JsonNode value = node.path(field);
        if (!value.canConvertToLong() || value.asLong() < 1 || value.asLong() > 0xffff_ffffL) {
            throw new InvalidConfigException(path + "." + field, "must be an AS number 1..4294967295");
        }
        return value.asLong();
    }
}
