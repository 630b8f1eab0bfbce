package io.vpnplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.IOException;

/**
 * Turns Jackson's failures while reading a request body into 400 problems. Doing it here, and not
 * in an exception mapper for Jackson's exceptions, keeps a service's own JSON bugs (reading an
 * event payload, writing a response) what they are: 500s.
 */
@Provider
public class JsonBodyProblems implements ReaderInterceptor {

    private final JsonInputProblems problems;

    @Inject
    public JsonBodyProblems(ObjectMapper mapper) {
        this.problems = new JsonInputProblems(mapper);
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        try {
            return context.proceed();
        } catch (InvalidDefinitionException ourBug) {
            throw ourBug;
        } catch (JsonProcessingException badInput) {
            throw new ApiProblemException(problems.toProblem(badInput));
        } catch (WebApplicationException wrapped) {
            // Quarkus wraps most Jackson read errors into a bare 400.
            if (wrapped.getCause() instanceof JsonProcessingException badInput
                    && !(badInput instanceof InvalidDefinitionException)) {
                throw new ApiProblemException(problems.toProblem(badInput));
            }
            throw wrapped;
        }
    }
}
