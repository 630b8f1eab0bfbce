package io.vpnplane.routing.table;

/**
 * A route rule that refuses a command, with the stable {@code code} and {@code field} clients program
 * against; {@link Kind} tells the REST layer the status (400, 404, 409).
 */
public record RouteRuleViolation(Kind kind, String code, String field, String detail) {

    public enum Kind {
        INVALID,
        NOT_FOUND,
        CONFLICT
    }

    static RouteRuleViolation invalid(String code, String field, String detail) {
        return new RouteRuleViolation(Kind.INVALID, code, field, detail);
    }

    static RouteRuleViolation conflict(String code, String field, String detail) {
        return new RouteRuleViolation(Kind.CONFLICT, code, field, detail);
    }

    static RouteRuleViolation notFound(String code, String field, String detail) {
        return new RouteRuleViolation(Kind.NOT_FOUND, code, field, detail);
    }
}
