package io.vpnplane.connection.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.vpnplane.api.ApiProblemException;
import io.vpnplane.api.Problem;
import io.vpnplane.events.EventJson;

/**
 * Request bodies are read as text and parsed here, so {@code application/json} and
 * {@code application/merge-patch+json} are treated alike and malformed JSON is a precise 400.
 */
public final class RequestBodies {

    private RequestBodies() {
    }

    public static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            throw ApiProblemException.invalidParameter(new Problem.FieldError("MissingParameter.Body", "",
                    "a JSON object body is required"));
        }
        JsonNode node;
        try {
            node = EventJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblemException.invalidParameter(new Problem.FieldError("InvalidParameter.Body", "",
                    "the body is not valid JSON: " + e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            throw ApiProblemException.invalidParameter(new Problem.FieldError("InvalidParameter.Body", "",
                    "the body must be a JSON object"));
        }
        return node;
    }
}
