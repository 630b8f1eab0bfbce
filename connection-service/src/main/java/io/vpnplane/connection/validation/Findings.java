package io.vpnplane.connection.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every violation and warning of one request, so a client learns about all its mistakes at once instead
 * of fixing them one round trip at a time.
 */
public final class Findings {

    private final List<Violation> violations = new ArrayList<>();
    private final List<Warning> warnings = new ArrayList<>();

    public void refuse(String code, String field, String detail) {
        violations.add(new Violation(code, field, detail));
    }

    public void warn(String code, String field, String detail) {
        warnings.add(new Warning(code, field, detail));
    }

    public boolean hasViolations() {
        return !violations.isEmpty();
    }

    public boolean refused(String field) {
        return violations.stream().anyMatch(v -> v.field().equals(field));
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    public List<Warning> warnings() {
        return List.copyOf(warnings);
    }

    /** Throws when anything was refused; the REST layer maps the exception to one problem+json answer. */
    public void throwIfRefused() {
        if (hasViolations()) {
            throw new InvalidRequest(violations());
        }
    }
}
