package io.vpnplane.api;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vpnplane.eventsourcing.StreamVersionConflict;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Every error a service can raise leaves as {@code application/problem+json}. Bad input is always
 * a 4xx (unreadable JSON bodies become problems in {@link JsonBodyProblems}); anything unexpected is
 * a 500 whose body says nothing about the internals (the cause is logged with a reference the
 * client can quote).
 */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    @ServerExceptionMapper
    public Response apiProblem(ApiProblemException e, UriInfo uri) {
        Response.ResponseBuilder answer = answer(e.problem(), uri);
        if (e.problem().status() == 401) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return answer.build();
    }

    /**
     * Optimistic concurrency lost. When the expected version came from the client's If-Match, the
     * client's precondition failed (412); otherwise two writers raced and the client may retry (409).
     */
    @ServerExceptionMapper
    public Response streamVersionConflict(StreamVersionConflict e, HttpHeaders headers, UriInfo uri) {
        OptionalLong ifMatch = ifMatchVersion(headers.getHeaderString(ETags.IF_MATCH));
        ApiProblemException problem = ifMatch.isPresent() && ifMatch.getAsLong() == e.expectedVersion()
                ? ApiProblemException.preconditionFailed(e.expectedVersion(), e.actualVersion())
                : ApiProblemException.versionConflict(e.actualVersion());
        return answer(problem.problem(), uri).build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        if (e.getConstraintViolations().isEmpty() || ConstraintViolationProblems.concernsReturnValue(e.getConstraintViolations())) {
            return internalError(e, uri);
        }
        return answer(ConstraintViolationProblems.toProblem(e.getConstraintViolations()), uri).build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationCompletionException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return answer(Problem.of(401, "Unauthorized.MissingToken", "a bearer token is required"), uri)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        LOG.debugf("rejected bearer token: %s", e.getMessage());
        return answer(Problem.of(401, "Unauthorized.InvalidToken",
                "the bearer token is invalid or expired"), uri)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return answer(Problem.of(403, "Forbidden", "the token does not allow this operation"), uri).build();
    }

    /**
     * JAX-RS's own answers (unknown path 404, 405, 406, 415, other unreadable requests) get problem
     * bodies; a response a service built itself is left alone.
     */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, Request request,
                                   HttpHeaders headers) {
        Response original = e.getResponse();
        if (original.hasEntity()) {
            return original;
        }
        int status = original.getStatus();
        Problem problem = switch (status) {
            case 400 -> Problem.of(400, "MalformedRequest", "the request cannot be read");
            case 401 -> Problem.of(401, "Unauthorized.MissingToken", "a bearer token is required");
            case 403 -> Problem.of(403, "Forbidden", "the token does not allow this operation");
            // JAX-RS answers 404 when a query or path parameter cannot be converted to its Java
            // type; that is bad input, not a missing resource.
            case 404 -> e.getCause() != null
                    ? Problem.of(400, "MalformedRequest", "a path or query parameter does not have the expected form")
                    : Problem.of(404, "NotFound", "there is nothing at " + uri.getPath());
            case 405 -> Problem.of(405, "MethodNotAllowed", request.getMethod() + " is not allowed on " + uri.getPath());
            case 406 -> Problem.of(406, "NotAcceptable", "no representation matches the Accept header; ask for application/json");
            case 415 -> Problem.of(415, "UnsupportedMediaType",
                    "content type " + headers.getHeaderString(HttpHeaders.CONTENT_TYPE) + " is not supported; send application/json");
            default -> status >= 500 ? null : Problem.of(status, "RequestRejected", "the request cannot be served");
        };
        if (problem == null) {
            return internalError(e, uri);
        }
        Response.ResponseBuilder answer = answer(problem, uri);
        // Keep the headers the original answer carried (Allow, Retry-After, ...) for the client.
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        return internalError(e, uri);
    }

    private static Response internalError(Throwable e, UriInfo uri) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "internal error %s answering %s", reference, uri.getPath());
        return answer(Problem.of(500, "InternalError",
                "the request failed on our side; quote reference " + reference + " when reporting it"), uri).build();
    }

    private static Response.ResponseBuilder answer(Problem problem, UriInfo uri) {
        Problem located = problem.instance() != null ? problem : problem.withInstance(URI.create(uri.getRequestUri().getRawPath()));
        return Response.status(located.status()).type(Problem.MEDIA_TYPE).entity(located);
    }

    private static OptionalLong ifMatchVersion(String header) {
        try {
            return ETags.expectedVersion(header);
        } catch (ApiProblemException malformed) {
            return OptionalLong.empty();
        }
    }
}
