package io.vpnplane.connection.neutron;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request refused the way Neutron refuses it: the HTTP status, Neutron's fault type (the name of its exception
 * class, which clients match on) and its message. Neutron reports the first problem it finds, so do we.
 */
final class NeutronRefusal extends RuntimeException {

    private final int status;
    private final String type;

    NeutronRefusal(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    static NeutronRefusal badRequest(String message) {
        return new NeutronRefusal(400, "HTTPBadRequest", message);
    }

    /** Neutron's attribute validation failure. */
    static NeutronRefusal invalidInput(String attribute, String reason) {
        return badRequest("Invalid input for " + attribute + ". Reason: " + reason + ".");
    }

    /** Neutron's {@code type:values} failure: {@code 'x' is not in ['a', 'b']}. */
    static NeutronRefusal notIn(String attribute, String value, List<String> allowed) {
        return invalidInput(attribute, "'" + value + "' is not in "
                + allowed.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ", "[", "]")));
    }

    /** A Neutron exception that is a 400 with its own type (e.g. {@code PeerCidrsInvalid}). */
    static NeutronRefusal typed(String type, String message) {
        return new NeutronRefusal(400, type, message);
    }

    static NeutronRefusal inUse(String type, String message) {
        return new NeutronRefusal(409, type, message);
    }

    static NeutronRefusal notFound(String type, String message) {
        return new NeutronRefusal(404, type, message);
    }
}
