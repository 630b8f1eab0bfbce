package io.vpnplane.connection.neutron;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vpnplane.api.ApiProblemException;
import io.vpnplane.connection.validation.ConflictingState;
import io.vpnplane.connection.validation.InvalidRequest;
import io.vpnplane.connection.validation.ResourceNotFound;
import io.vpnplane.connection.validation.Violation;
import io.vpnplane.eventsourcing.StreamVersionConflict;

/**
 * Neutron clients parse {@code {"NeutronError": {"type", "message", "detail"}}}, not RFC 9457 problems, so
 * refusals under {@code /v2.0/vpn/} are translated here. Anything not a known refusal is rethrown and stays a
 * problem (a 500 only for real faults).
 */
final class NeutronErrors {

    private NeutronErrors() {
    }

    static Response of(Throwable failure, String notFoundType) {
        return switch (failure) {
            case NeutronRefusal e -> response(e.status(), e.type(), e.getMessage());
            case InvalidRequest e -> response(400, "HTTPBadRequest", String.join("; ",
                    e.violations().stream().map(NeutronErrors::describe).toList()));
            case ConflictingState e -> response(409, "Conflict", e.getMessage());
            case ResourceNotFound e -> response(404, notFoundType, e.getMessage());
            case StreamVersionConflict e -> response(409, "Conflict", "the resource changed concurrently; retry");
            case ApiProblemException e when e.problem().status() == 404 -> response(404, notFoundType,
                    e.problem().detail());
            case ApiProblemException e when e.problem().status() != 401 && e.problem().status() < 500 ->
                    response(e.problem().status(), e.problem().status() == 409 ? "Conflict" : "HTTPBadRequest",
                            e.problem().detail());
            case RuntimeException e -> throw e;
            default -> throw new IllegalStateException(failure);
        };
    }

    static Response notFound(String type, String message) {
        return response(404, type, message);
    }

    private static String describe(Violation v) {
        return v.field().isEmpty() ? v.detail() : "Invalid input for " + v.field() + ". Reason: " + v.detail() + ".";
    }

    private static Response response(int status, String type, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("NeutronError").put("type", type).put("message", message).put("detail", "");
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
