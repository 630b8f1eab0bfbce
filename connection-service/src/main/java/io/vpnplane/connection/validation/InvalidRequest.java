package io.vpnplane.connection.validation;

import java.util.List;

/** A request broke one or more rules; carries all of them (never empty). */
public final class InvalidRequest extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRequest(List<Violation> violations) {
        super(violations.isEmpty() ? "invalid request" : violations.getFirst().detail());
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid request needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public static InvalidRequest of(String code, String field, String detail) {
        return new InvalidRequest(List.of(new Violation(code, field, detail)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
