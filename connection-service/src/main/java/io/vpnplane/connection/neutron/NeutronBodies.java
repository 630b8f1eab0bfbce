package io.vpnplane.connection.neutron;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.vpnplane.api.ApiProblemException;
import io.vpnplane.connection.api.RequestBodies;
import io.vpnplane.connection.validation.ConflictingState;
import io.vpnplane.connection.validation.InvalidRequest;
import io.vpnplane.connection.validation.ResourceNotFound;
import io.vpnplane.eventsourcing.StreamVersionConflict;

/**
 * Reading Neutron request bodies: one envelope member named after the resource, snake_case attributes, refused
 * with Neutron's messages ({@link NeutronRefusal}) at the first problem.
 */
final class NeutronBodies {

    /** Neutron's {@code NAME_FIELD_SIZE} and {@code DESCRIPTION_FIELD_SIZE}. */
    static final int NAME_LENGTH = 255;
    static final int DESCRIPTION_LENGTH = 255;

    private NeutronBodies() {
    }

    static JsonNode envelope(String body, String resource) {
        JsonNode json = RequestBodies.object(body);
        JsonNode inner = json.get(resource);
        if (inner == null || !inner.isObject() || json.size() != 1) {
            throw NeutronRefusal.badRequest("Resource body required: the body must be {\"" + resource + "\": {...}}");
        }
        return inner;
    }

    /**
     * Neutron's attribute check: on create every attribute must be one the resource takes ({@code writable}); on
     * update one it lets change. {@code tolerated} are read-only attributes clients echo back (accepted, ignored
     * unless the caller checks their value).
     */
    static void attributes(JsonNode resource, Set<String> writable, Set<String> tolerated, boolean create) {
        List<String> refused = new ArrayList<>();
        resource.fieldNames().forEachRemaining(name -> {
            if (!writable.contains(name) && !tolerated.contains(name)) {
                refused.add(name);
            }
        });
        if (refused.isEmpty()) {
            return;
        }
        if (create) {
            throw NeutronRefusal.badRequest("Unrecognized attribute(s) '" + String.join(", ", refused) + "'");
        }
        throw NeutronRefusal.badRequest("Cannot update read-only attribute " + refused.getFirst());
    }

    /** {@code tenant_id}/{@code project_id}, when given, must be the caller's account: no cross-project creation. */
    static void tenantIs(JsonNode resource, String account) {
        for (String field : new String[] {"tenant_id", "project_id"}) {
            if (resource.hasNonNull(field) && !resource.get(field).asText().equals(account)) {
                throw NeutronRefusal.invalidInput(field, field + " must be the caller's project " + account);
            }
        }
    }

    /** Administratively down resources are not supported: the native API has no such state. */
    static void onlyAdminStateUp(JsonNode resource) {
        JsonNode up = resource.get("admin_state_up");
        if (up != null && !(up.isBoolean() && up.booleanValue())
                && !(up.isTextual() && up.textValue().equalsIgnoreCase("true"))) {
            throw NeutronRefusal.invalidInput("admin_state_up", "only admin_state_up true is supported");
        }
    }

    static String requiredText(JsonNode resource, String field) {
        JsonNode value = resource.get(field);
        if (value == null || value.isNull()) {
            throw NeutronRefusal.badRequest("Failed to parse request. Required attribute '" + field
                    + "' not specified");
        }
        return text(resource, field, Integer.MAX_VALUE).filter(t -> !t.isBlank())
                .orElseThrow(() -> NeutronRefusal.invalidInput(field, "'' is not a valid value"));
    }

    /** Name-like text: empty when absent or null. */
    static String text(JsonNode resource, String field) {
        return text(resource, field, NAME_LENGTH).orElse("");
    }

    static Optional<String> text(JsonNode resource, String field, int maxLength) {
        JsonNode value = resource.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw NeutronRefusal.invalidInput(field, "'" + value + "' is not a valid string");
        }
        if (value.textValue().length() > maxLength) {
            throw NeutronRefusal.invalidInput(field, "'" + value.textValue() + "' exceeds maximum length of "
                    + maxLength);
        }
        return Optional.of(value.textValue());
    }

    /** One of Neutron's values for the attribute, if given. */
    static Optional<String> value(JsonNode resource, String field, List<String> allowed) {
        Optional<String> text = text(resource, field, Integer.MAX_VALUE);
        text.filter(t -> !allowed.contains(t)).ifPresent(t -> {
            throw NeutronRefusal.notIn(field, t, allowed);
        });
        return text;
    }

    /** An integer, also as a string of digits (Neutron converts, and the CLI sends e.g. {@code --mtu} as text). */
    static Optional<Integer> integer(JsonNode resource, String field, String shownName) {
        JsonNode value = resource.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.canConvertToInt() && value.isIntegralNumber()) {
            return Optional.of(value.intValue());
        }
        if (value.isTextual() && value.textValue().matches("-?[0-9]{1,9}")) {
            return Optional.of(Integer.parseInt(value.textValue()));
        }
        throw NeutronRefusal.invalidInput(shownName, "'" + value.asText() + "' is not an integer");
    }

    /** Failures the client caused, answered in Neutron's shape; anything else stays a fault. */
    static boolean isRefusal(Throwable failure) {
        return failure instanceof NeutronRefusal || failure instanceof InvalidRequest
                || failure instanceof ConflictingState || failure instanceof ResourceNotFound
                || failure instanceof StreamVersionConflict
                || (failure instanceof ApiProblemException p && p.problem().status() != 401 && p.problem().status() < 500);
    }
}
