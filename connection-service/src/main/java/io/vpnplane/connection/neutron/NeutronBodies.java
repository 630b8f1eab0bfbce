package io.vpnplane.connection.neutron;

import com.fasterxml.jackson.databind.JsonNode;

import io.vpnplane.api.ApiProblemException;
import io.vpnplane.connection.api.RequestBodies;
import io.vpnplane.connection.validation.ConflictingState;
import io.vpnplane.connection.validation.InvalidRequest;
import io.vpnplane.connection.validation.ResourceNotFound;
import io.vpnplane.eventsourcing.StreamVersionConflict;

/** Reading Neutron request bodies: one envelope member named after the resource, snake_case attributes. */
final class NeutronBodies {

    /** Neutron lists are unpaged unless asked; the read model pages, so lists stop at this many. */
    static final int LIST_LIMIT = 1000;

    private NeutronBodies() {
    }

    static JsonNode envelope(String body, String resource) {
        JsonNode json = RequestBodies.object(body);
        JsonNode inner = json.get(resource);
        if (inner == null || !inner.isObject() || json.size() != 1) {
            throw InvalidRequest.of("InvalidParameter.Body", "",
                    "Resource body required: the body must be {\"" + resource + "\": {...}}");
        }
        return inner;
    }

    /** {@code tenant_id}/{@code project_id}, when given, must be the caller's account: no cross-project creation. */
    static void tenantIs(JsonNode resource, String account) {
        for (String field : new String[] {"tenant_id", "project_id"}) {
            if (resource.hasNonNull(field) && !resource.get(field).asText().equals(account)) {
                throw NeutronErrors.badRequest(field, field + " must be the caller's project " + account);
            }
        }
    }

    /** Administratively down resources are not supported: the native API has no such state. */
    static void onlyAdminStateUp(JsonNode resource) {
        JsonNode up = resource.get("admin_state_up");
        if (up != null && !(up.isBoolean() && up.booleanValue())) {
            throw NeutronErrors.badRequest("admin_state_up", "only admin_state_up true is supported");
        }
    }

    static String requiredText(JsonNode resource, String field) {
        JsonNode value = resource.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw NeutronErrors.badRequest(field, field + " is required and must be a string");
        }
        return value.textValue();
    }

    static String text(JsonNode resource, String field) {
        JsonNode value = resource.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw NeutronErrors.badRequest(field, field + " must be a string");
        }
        return value.textValue();
    }

    /** Failures the client caused, answered in Neutron's shape; anything else stays a fault. */
    static boolean isRefusal(Throwable failure) {
        return failure instanceof InvalidRequest || failure instanceof ConflictingState
                || failure instanceof ResourceNotFound || failure instanceof StreamVersionConflict
                || (failure instanceof ApiProblemException p && p.problem().status() != 401 && p.problem().status() < 500);
    }
}
