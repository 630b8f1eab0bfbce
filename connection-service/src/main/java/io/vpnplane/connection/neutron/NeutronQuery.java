package io.vpnplane.connection.neutron;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vpnplane.connection.persistence.ReadModelQueries;
import io.vpnplane.connection.persistence.ReadModelQueries.Table;
import io.vpnplane.connection.persistence.StoredResource;

/**
 * Neutron's query parameters on lists and shows: {@code ?name=a&status=ACTIVE&status=DOWN} keeps the items whose
 * attribute equals one of the given values (values of one attribute are alternatives, attributes all apply),
 * {@code fields=id&fields=name} keeps only those attributes, {@code limit}/{@code marker} page in id order with a
 * {@code <plural>_links} next link. Sorting parameters are accepted and ignored (lists are in id order).
 */
record NeutronQuery(Map<String, List<String>> filters, List<String> fields, Optional<Integer> limit,
        Optional<String> marker) {

    private static final Set<String> NOT_FILTERS = Set.of("fields", "limit", "marker", "sort_key", "sort_dir",
            "page_reverse");

    static NeutronQuery of(UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        Map<String, List<String>> filters = new java.util.LinkedHashMap<>();
        params.forEach((name, values) -> {
            if (!NOT_FILTERS.contains(name)) {
                filters.put(name, List.copyOf(values));
            }
        });
        List<String> fields = new ArrayList<>();
        params.getOrDefault("fields", List.of()).forEach(f -> fields.addAll(List.of(f.split(","))));
        Optional<Integer> limit = Optional.ofNullable(params.getFirst("limit")).map(l -> {
            if (!l.matches("[0-9]{1,9}")) {
                throw NeutronRefusal.badRequest("Limit must be an integer 0 or greater and not '" + l + "'");
            }
            return Integer.parseInt(l);
        }).filter(l -> l > 0);
        return new NeutronQuery(Map.copyOf(filters), List.copyOf(fields), limit,
                Optional.ofNullable(params.getFirst("marker")));
    }

    /** Neutron lists are unpaged unless asked; the read model pages, so lists stop at this many. */
    static final int LIST_LIMIT = 1000;

    /** The project's resources of a table, in id order (at most {@link #LIST_LIMIT}). */
    static Uni<List<StoredResource>> rows(SqlClient client, Table table, String account) {
        return ReadModelQueries.list(client, table, account, Optional.empty(), Map.of(), Optional.empty(), LIST_LIMIT)
                .map(ReadModelQueries.Page::items);
    }

    /** The list answer, {@code {"<plural>": [...]}} plus a next link when a limit cut it. */
    ObjectNode list(String plural, List<ObjectNode> views, UriInfo uri) {
        List<ObjectNode> selected = views.stream().filter(this::matches)
                .sorted(Comparator.comparing(v -> v.path("id").asText()))
                .filter(v -> marker.isEmpty() || v.path("id").asText().compareTo(marker.get()) > 0)
                .toList();
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        var items = answer.putArray(plural);
        List<ObjectNode> page = limit.filter(l -> l < selected.size()).map(l -> selected.subList(0, l)).orElse(selected);
        page.forEach(v -> items.add(project(v)));
        if (page.size() < selected.size()) {
            String next = uri.getRequestUriBuilder().replaceQueryParam("marker", page.getLast().path("id").asText())
                    .build().toString();
            answer.putArray(plural + "_links").addObject().put("rel", "next").put("href", next);
        }
        return answer;
    }

    /** The show answer, {@code {"<singular>": {...}}}, only the asked fields. */
    ObjectNode show(String singular, ObjectNode view) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set(singular, project(view));
        return answer;
    }

    private boolean matches(ObjectNode view) {
        return filters.entrySet().stream().allMatch(filter -> {
            boolean project = filter.getKey().equals("project_id") || filter.getKey().equals("tenant_id");
            JsonNode value = view.get(project ? "tenant_id" : filter.getKey());
            if (value == null || value.isContainerNode()) {
                throw NeutronRefusal.badRequest("[" + filter.getKey() + "] is invalid attribute for filtering");
            }
            String text = value.isNull() ? "" : value.asText();
            return filter.getValue().stream().anyMatch(wanted -> value.isBoolean() ? wanted.equalsIgnoreCase(text)
                    : wanted.equals(text));
        });
    }

    private ObjectNode project(ObjectNode view) {
        if (fields.isEmpty()) {
            return view;
        }
        ObjectNode projected = JsonNodeFactory.instance.objectNode();
        fields.stream().filter(view::has).forEach(f -> projected.set(f, view.get(f)));
        return projected;
    }
}
