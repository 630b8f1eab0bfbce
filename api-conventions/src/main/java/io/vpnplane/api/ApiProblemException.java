package io.vpnplane.api;

import java.util.List;
import java.util.Objects;

/**
 * Thrown by services to answer with a problem. It is an expected outcome, not a failure, so it
 * carries no stack trace and is not logged.
 */
public final class ApiProblemException extends RuntimeException {

    private final transient Problem problem;

    public ApiProblemException(Problem problem) {
        super(problem.code() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /**
     * 400 for one wrong value; the code is derived from the path's last member
     * ({@code tunnels[1].bgp.tunnelCidr} → {@code InvalidParameter.TunnelCidr}).
     */
    public static ApiProblemException invalidParameter(String field, String detail) {
        return invalidParameters(List.of(Problem.FieldError.invalid(field, detail)));
    }

    /** 400 for one wrong value with an explicit code, for rules that are not about one member's name. */
    public static ApiProblemException invalidParameter(Problem.FieldError error) {
        return invalidParameters(List.of(error));
    }

    /**
     * 400 for several wrong values at once. The first error also fills the top-level
     * {@code code}/{@code field}/{@code detail}, so clients that read only those still see one.
     */
    public static ApiProblemException invalidParameters(List<Problem.FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid-parameter problem needs at least one error");
        }
        Problem.FieldError first = errors.getFirst();
        Problem problem = Problem.of(400, first.code(), first.detail()).withField(first.field());
        return new ApiProblemException(errors.size() > 1 ? problem.withErrors(errors) : problem);
    }

    /**
     * 404 {@code NotFound.<resourceType>}. Also the answer for another account's resource, so a
     * caller cannot learn that an id exists.
     */
    public static ApiProblemException notFound(String resourceType, String id) {
        Objects.requireNonNull(resourceType, "resourceType");
        return new ApiProblemException(Problem.of(404, "NotFound." + resourceType,
                resourceType + " " + id + " does not exist"));
    }

    /** 409 {@code Conflict.<reason>}, e.g. {@code conflict("InUse", "…")} → {@code Conflict.InUse}. */
    public static ApiProblemException conflict(String reason, String detail) {
        return new ApiProblemException(Problem.of(409, "Conflict." + reason, detail));
    }

    /** 409 {@code Conflict.Version}: somebody else changed the resource first. */
    public static ApiProblemException versionConflict(long currentVersion) {
        return new ApiProblemException(Problem.of(409, "Conflict.Version",
                "the resource was changed concurrently and is now at version " + currentVersion
                        + "; read it again and retry"));
    }

    /** 412 {@code PreconditionFailed.Version}: the client's If-Match names another version. */
    public static ApiProblemException preconditionFailed(long expectedVersion, long currentVersion) {
        return new ApiProblemException(Problem.of(412, "PreconditionFailed.Version",
                "If-Match names version " + expectedVersion + " but the resource is at version "
                        + currentVersion).withField(ETags.IF_MATCH));
    }

    /** 401 when the caller's identity cannot be established. */
    public static ApiProblemException unauthorized(String code, String detail) {
        return new ApiProblemException(Problem.of(401, code, detail));
    }
}
