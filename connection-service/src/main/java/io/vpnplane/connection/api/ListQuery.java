package io.vpnplane.connection.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.api.ApiProblemException;
import io.vpnplane.api.Problem;
import io.vpnplane.connection.persistence.ReadModelQueries;
import io.vpnplane.connection.persistence.StoredResource;
import io.vpnplane.events.EventJson;

/**
 * List parameters: {@code limit} (1–100, default 20), {@code pageToken} (opaque, from the previous page's
 * {@code nextPageToken}), {@code name} (exact) and {@code tag} (repeatable, {@code key} or {@code key=value}).
 */
public record ListQuery(int limit, Optional<String> afterId, Optional<String> name,
        Map<String, Optional<String>> tags) {

    public static ListQuery of(Integer limit, String pageToken, String name, List<String> tags) {
        int size = limit == null ? 20 : limit;
        if (size < 1 || size > 100) {
            throw ApiProblemException.invalidParameter(new Problem.FieldError("InvalidParameter.Limit", "limit",
                    "limit is 1 to 100"));
        }
        Optional<String> after = Optional.ofNullable(pageToken).filter(t -> !t.isEmpty()).map(ListQuery::decode);
        Map<String, Optional<String>> tagFilter = new LinkedHashMap<>();
        for (String tag : tags == null ? List.<String>of() : tags) {
            int eq = tag.indexOf('=');
            String key = eq < 0 ? tag : tag.substring(0, eq);
            if (key.isEmpty()) {
                throw ApiProblemException.invalidParameter(new Problem.FieldError("InvalidParameter.Tag", "tag",
                        "a tag filter is key or key=value"));
            }
            tagFilter.put(key, eq < 0 ? Optional.empty() : Optional.of(tag.substring(eq + 1)));
        }
        return new ListQuery(size, after, Optional.ofNullable(name).filter(n -> !n.isEmpty()), tagFilter);
    }

    private static String decode(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!decoded.startsWith("after:")) {
                throw new IllegalArgumentException();
            }
            return decoded.substring("after:".length());
        } catch (IllegalArgumentException e) {
            throw ApiProblemException.invalidParameter(new Problem.FieldError("InvalidParameter.PageToken",
                    "pageToken", "pageToken must be a nextPageToken of a previous page"));
        }
    }

    /** {@code {"items": [...], "nextPageToken": "..."}}. */
    public static ObjectNode page(ReadModelQueries.Page page, java.util.function.Function<StoredResource, ObjectNode> view) {
        ObjectNode body = EventJson.mapper().createObjectNode();
        ArrayNode items = body.putArray("items");
        page.items().forEach(r -> items.add(view.apply(r)));
        page.lastId().ifPresent(id -> body.put("nextPageToken",
                Base64.getUrlEncoder().withoutPadding().encodeToString(("after:" + id).getBytes(StandardCharsets.UTF_8))));
        return body;
    }
}
