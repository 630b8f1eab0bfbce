package io.vpnplane.connection.api;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.vpnplane.api.ApiProblemException;
import io.vpnplane.api.Problem;
import io.vpnplane.connection.validation.ConflictingState;
import io.vpnplane.connection.validation.InvalidRequest;
import io.vpnplane.connection.validation.ResourceNotFound;

/** The domain's refusals as RFC 9457 problems with the domain's own codes and fields. */
public class DomainProblems {

    @ServerExceptionMapper
    public Response invalid(InvalidRequest e) {
        return ApiProblemException.invalidParameters(e.violations().stream()
                .map(v -> new Problem.FieldError(v.code(), v.field(), v.detail())).toList()).problem().toResponse();
    }

    @ServerExceptionMapper
    public Response conflict(ConflictingState e) {
        return Problem.of(409, e.code(), e.getMessage()).withField(e.field()).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(ResourceNotFound e) {
        return Problem.of(404, e.code(), e.getMessage()).toResponse();
    }
}
