package io.vpnplane.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Generates docs/asyncapi.json (AsyncAPI 3.0) from the contract itself: the topics of deploy/local/topics.conf, the
 * event types of {@link EventCatalog} and their committed schemas in docs/events/. Only the prose per topic lives
 * here; {@link AsyncApiDocumentTest} fails when the committed document is not what this produces.
 */
final class AsyncApiDocument {

    /** Who writes each topic, what its key is, who reads it. A new topic without an entry fails the test. */
    static final Map<String, String> TOPIC_DESCRIPTIONS = Map.ofEntries(
            Map.entry(Topics.CUSTOMER_GATEWAYS, "Customer gateways (on-premises devices), written by connection-service. Key: customer gateway id (`cgw-…`)."),
            Map.entry(Topics.VPN_GATEWAYS, "VPN gateways (one per VPC and account), written by connection-service. Key: VPN gateway id (`vpngw-…`)."),
            Map.entry(Topics.CONNECTIONS, "IPsec connections and their tunnel options, written by connection-service; read by tunnel-service (placement, desired agent config), routing-service (policy routes) and bgp-service (BGP session plan). Key: connection id (`vco-…`). Pre-shared keys travel only sealed with the transit key (`transitSealedPreSharedKey`)."),
            Map.entry(Topics.IKE_POLICIES, "Neutron VPNaaS IKE policies (`/v2.0/vpn/ikepolicies`), written by connection-service; a site connection copies a policy's settings into its tunnel, so no other service needs them. Key: policy id (a UUID)."),
            Map.entry(Topics.IPSEC_POLICIES, "Neutron VPNaaS IPsec policies (`/v2.0/vpn/ipsecpolicies`), written by connection-service; copied into site connections like the IKE policies. Key: policy id (a UUID)."),
            Map.entry(Topics.ENDPOINT_GROUPS, "Neutron VPNaaS endpoint groups (`/v2.0/vpn/endpoint-groups`), written by connection-service; a site connection copies their CIDRs into its localCidrs/remoteCidrs. Key: endpoint group id (a UUID)."),
            Map.entry(Topics.TUNNELS, "Tunnel lifecycle (placement on a gateway node, observed status), written by tunnel-service; read by routing-service and bgp-service. Key: tunnel id."),
            Map.entry(Topics.AGENT_CONFIG, "Desired configuration of each tunnel for the gateway agents, written by tunnel-service. COMPACTED: the latest record per key is the current desired state; `tunnel-withdrawn` is published as a tombstone (null value, `ce_*` headers kept) so compaction forgets the tunnel. Key: tunnel id. Pre-shared keys are sealed (HPKE) to the node's public key."),
            Map.entry(Topics.AGENT_STATUS, "What the gateway agents observe (IKE/CHILD SA, DPD, health checks, applied config); read by tunnel-service and routing-service. Key: tunnel id."),
            Map.entry(Topics.AGENT_HEARTBEATS, "Gateway node heartbeats (zone, capacity, public key, load), written by each gateway agent; read by tunnel-service's node registry. COMPACTED: the latest heartbeat per node. Key: gateway node id."),
            Map.entry(Topics.HEALTH, "Health-check status changes of destination routes, the input of active/standby switching. Key: tunnel id."),
            Map.entry(Topics.BGP, "BGP: bgp-service's session decisions (sessions configured and removed, for the agents that run them), the agents' observations (session state, routes learned and withdrawn) and bgp-service's best-path decisions, which routing-service turns into routes. Key: the BGP session id, or the VPN gateway id for best-route events."),
            Map.entry(Topics.ROUTES, "Route table changes of VPN gateways (entries, weights, VPC publication, active route switches), written by routing-service. Key: VPN gateway id."),
            Map.entry(Topics.ACTIVE_ROUTES, "The route entry in effect per VPN gateway, source and destination, as current state (compacted; a cleared destination leaves as a tombstone), written by routing-service with each active-route-switched; gateway agents replay it at start. Key: <VPN gateway id>/<SOURCE>/<destination CIDR>."),
            Map.entry(Topics.PLATFORM, "Operational events of the platform itself (a read model was rebuilt). Key: the projection name."));

    private static final String ORDERING = """
            Ordering: every record's key is its aggregate (stream) id, equal to the `ce_subject` header, so all events of one \
            aggregate land in one partition and are read in the order they were appended (the outbox relay publishes in \
            commit order, gap-safe). There is no order across aggregates. Delivery is at least once: consumers deduplicate \
            on `ce_id`.""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AsyncApiDocument() {
    }

    /** A line of topics.conf; {@code retentionMs} absent = the broker's default (7 days). */
    record TopicConfig(String name, int partitions, String cleanupPolicy, java.util.Optional<Long> retentionMs) {
    }

    static ObjectNode build(EventTypes types, Path repositoryRoot) throws IOException {
        List<TopicConfig> topics = topicConfigs(repositoryRoot.resolve("deploy/local/topics.conf"));
        Map<String, List<EventTypeInfo>> byTopic = types.all().stream()
                .sorted(Comparator.comparing(EventTypeInfo::ceType))
                .collect(Collectors.groupingBy(EventTypeInfo::topic, TreeMap::new, Collectors.toList()));

        ObjectNode doc = JSON.createObjectNode();
        doc.put("asyncapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "vpnplane events");
        info.put("version", "1.0.0");
        info.put("description", """
                Every Kafka topic vpnplane publishes, with the event types on it and their data schemas. Each record is a \
                CloudEvent in binary mode: the attributes are `ce_*` headers, the value is the JSON data. Generated from \
                the events module (EventCatalog, topics.conf, docs/events/*.schema.json); see docs/events.md.

                """ + ORDERING);
        doc.put("defaultContentType", CloudEventHeaders.APPLICATION_JSON);
        ObjectNode server = doc.putObject("servers").putObject("local");
        server.put("host", "127.0.0.1:19092");
        server.put("protocol", "kafka");
        server.put("description", "the broker of `./vpnplane up`; in Kubernetes vpnplane-kafka-kafka-bootstrap:9092");

        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode components = doc.putObject("components");
        ObjectNode messages = components.putObject("messages");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("CloudEventHeaders", headersSchema());

        for (TopicConfig topic : topics) {
            String description = TOPIC_DESCRIPTIONS.get(topic.name());
            if (description == null) {
                throw new IllegalStateException("no description for topic " + topic.name() + " in AsyncApiDocument.TOPIC_DESCRIPTIONS");
            }
            String channelId = channelId(topic.name());
            ObjectNode channel = channels.putObject(channelId);
            channel.put("address", topic.name());
            channel.put("title", topic.name());
            channel.put("description", description + " Partitions: " + topic.partitions() + ", cleanup.policy: "
                    + topic.cleanupPolicy() + topic.retentionMs().map(ms -> ms < 0 ? ", records kept forever" : ", retention.ms: " + ms).orElse("")
                    + ".");
            ObjectNode channelMessages = channel.putObject("messages");
            ObjectNode kafka = channel.putObject("bindings").putObject("kafka");
            kafka.put("topic", topic.name());
            kafka.put("partitions", topic.partitions());
            ObjectNode topicConfiguration = kafka.putObject("topicConfiguration");
            topicConfiguration.putArray("cleanup.policy").add(topic.cleanupPolicy());
            topic.retentionMs().ifPresent(ms -> topicConfiguration.put("retention.ms", ms));
            kafka.put("bindingVersion", "0.5.0");

            ObjectNode operation = operations.putObject("receive-" + channelId);
            operation.put("action", "receive");
            operation.put("summary", "Subscribe to " + topic.name());
            operation.putObject("channel").put("$ref", "#/channels/" + channelId);
            ArrayNode operationMessages = operation.putArray("messages");

            for (EventTypeInfo type : byTopic.getOrDefault(topic.name(), List.of())) {
                String messageId = type.ceType();
                channelMessages.putObject(messageId).put("$ref", "#/components/messages/" + messageId);
                operationMessages.addObject().put("$ref", "#/channels/" + channelId + "/messages/" + messageId);
                messages.set(messageId, message(type, topic.name()));
                schemas.set(messageId, payloadSchema(repositoryRoot.resolve("docs/events").resolve(type.schemaFileName())));
            }
        }
        for (String topic : byTopic.keySet()) {
            if (topics.stream().noneMatch(t -> t.name().equals(topic))) {
                throw new IllegalStateException("event types on " + topic + ", which topics.conf does not create");
            }
        }
        return doc;
    }

    static String channelId(String topic) {
        return topic.replace('.', '-');
    }

    static List<TopicConfig> topicConfigs(Path topicsConf) throws IOException {
        return Files.readAllLines(topicsConf).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+"))
                .map(f -> new TopicConfig(f[0], Integer.parseInt(f[1]), f[2],
                        f.length > 3 ? java.util.Optional.of(Long.parseLong(f[3])) : java.util.Optional.empty()))
                .toList();
    }

    private static ObjectNode message(EventTypeInfo type, String topic) {
        ObjectNode message = JSON.createObjectNode();
        message.put("name", type.ceType());
        message.put("title", type.recordClass().getSimpleName());
        message.put("summary", "`ce_type` " + type.ceType() + " on " + topic
                + (type.tombstone() ? "; published as a Kafka tombstone (null value, `ce_*` headers kept): the schema is the event table's copy" : ""));
        message.put("contentType", CloudEventHeaders.APPLICATION_JSON);
        message.putObject("headers").put("$ref", "#/components/schemas/CloudEventHeaders");
        message.putObject("payload").put("$ref", "#/components/schemas/" + type.ceType());
        ObjectNode kafka = message.putObject("bindings").putObject("kafka");
        ObjectNode key = kafka.putObject("key");
        key.put("type", "string");
        key.put("description", "aggregate id, equal to the ce_subject header");
        kafka.put("bindingVersion", "0.5.0");
        return message;
    }

    /** The committed data schema without its JSON Schema dialect keywords (AsyncAPI schemas are their own dialect). */
    private static JsonNode payloadSchema(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no committed schema " + file + ": regenerate docs/events first");
        }
        ObjectNode schema = (ObjectNode) JSON.readTree(file.toFile());
        schema.remove(List.of("$schema", "$id"));
        return schema;
    }

    private static ObjectNode headersSchema() {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        schema.put("description", "CloudEvents 1.0 attributes in Kafka binary mode, one UTF-8 header each (docs/architecture.md, Event contract).");
        ObjectNode properties = schema.putObject("properties");
        header(properties, CloudEventHeaders.SPECVERSION, "always 1.0").putArray("enum").add(CloudEventHeaders.SPEC_VERSION_1_0);
        header(properties, CloudEventHeaders.ID, "UUID, unique per event; deduplicate on it").put("format", "uuid");
        header(properties, CloudEventHeaders.SOURCE, "the producing service, /vpnplane/<service>");
        header(properties, CloudEventHeaders.TYPE, "versioned event type io.vpnplane.<aggregate>.<what-happened>.v<N>; selects the data schema");
        header(properties, CloudEventHeaders.SUBJECT, "aggregate (stream) id, equal to the Kafka key");
        header(properties, CloudEventHeaders.TIME, "RFC 3339 UTC instant of the append").put("format", "date-time");
        header(properties, CloudEventHeaders.ACCOUNT, "owning account; absent on platform events");
        header(properties, CloudEventHeaders.CORRELATION_ID, "shared by everything one request caused");
        header(properties, CloudEventHeaders.CAUSATION_ID, "the command or event that caused this one");
        header(properties, CloudEventHeaders.TRACEPARENT, "W3C trace context of the writer");
        header(properties, CloudEventHeaders.CONTENT_TYPE, "media type of the value; a tombstone has no value").putArray("enum").add(CloudEventHeaders.APPLICATION_JSON);
        schema.putArray("required")
                .add(CloudEventHeaders.SPECVERSION)
                .add(CloudEventHeaders.ID)
                .add(CloudEventHeaders.SOURCE)
                .add(CloudEventHeaders.TYPE)
                .add(CloudEventHeaders.SUBJECT)
                .add(CloudEventHeaders.TIME)
                .add(CloudEventHeaders.CONTENT_TYPE)
                .add(CloudEventHeaders.CORRELATION_ID);
        return schema;
    }

    private static ObjectNode header(ObjectNode properties, String name, String description) {
        ObjectNode header = properties.putObject(name);
        header.put("type", "string");
        header.put("description", description);
        return header;
    }
}
