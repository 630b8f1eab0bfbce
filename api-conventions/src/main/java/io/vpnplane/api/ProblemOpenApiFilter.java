package io.vpnplane.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.List;
import java.util.Map;

/**
 * Documents the error contract in every service's OpenAPI: a {@code Problem} schema and, on every
 * operation, a {@code default} response of {@code application/problem+json}, so clients know what
 * any non-2xx answer looks like without each endpoint repeating it. Also declares the bearer token scheme as the
 * document's default security requirement: endpoints are secured by configuration
 * ({@code quarkus.security.jaxrs.default-roles-allowed}), which the annotation scanner cannot see.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemOpenApiFilter implements OASFilter {

    static final String PROBLEM_REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Problem", problemSchema());
        requireTheSecuritySchemes(openAPI);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            Map<PathItem.HttpMethod, Operation> operations = item.getOperations();
            if (operations == null) {
                continue;
            }
            for (Operation operation : operations.values()) {
                if (operation.getResponses() == null) {
                    operation.setResponses(OASFactory.createAPIResponses());
                }
                APIResponses responses = operation.getResponses();
                if (responses.getDefaultValue() == null) {
                    responses.setDefaultValue(OASFactory.createAPIResponse()
                            .description("Any error: RFC 9457 problem details with a stable code")
                            .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)))));
                }
            }
        }
    }

    private static void requireTheSecuritySchemes(OpenAPI openAPI) {
        Map<String, SecurityScheme> schemes = openAPI.getComponents().getSecuritySchemes();
        if (schemes == null || schemes.isEmpty() || (openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty())) {
            return;
        }
        for (String name : schemes.keySet()) {
            openAPI.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(name));
        }
    }

    private static Schema problemSchema() {
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .required(List.of("code", "field"))
                .addProperty("code", text("Stable reason, e.g. InvalidParameter.TunnelCidr"))
                .addProperty("field", text("JSON path of the input, e.g. tunnels[1].bgp.tunnelCidr"))
                .addProperty("detail", text("What is wrong, for humans"));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details")
                .required(List.of("type", "title", "status", "code"))
                .addProperty("type", text("URI of the problem category").format("uri"))
                .addProperty("title", text("Summary of the category"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).description("HTTP status"))
                .addProperty("detail", text("What happened, for humans"))
                .addProperty("instance", text("The request path").format("uri-reference"))
                .addProperty("code", text("Stable machine-readable reason: InvalidParameter.<Field>, NotFound.<Resource>, "
                        + "Conflict.Version, PreconditionFailed.Version, Unauthorized.MissingToken, "
                        + "Unauthorized.InvalidToken, MalformedRequest, InternalError, ..."))
                .addProperty("field", text("JSON path of the offending input, e.g. tunnels[1].bgp.tunnelCidr"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError)
                        .description("Every wrong input when there are several"));
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
