package io.vpnplane.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class ProblemOpenApiFilterTest {

    @Test
    void everyOperationDocumentsProblemAnswers() {
        given().accept("application/json").get("/q/openapi")
                .then().statusCode(200)
                .body("components.schemas.Problem.required", hasItems("type", "title", "status", "code"))
                .body("components.schemas.Problem.properties.errors.items.properties.field.type", equalTo("string"))
                .body("paths.'/test/connections'.post.responses.default.content.'application/problem+json'.schema.$ref",
                        equalTo(ProblemOpenApiFilter.PROBLEM_REF))
                .body("paths.'/test/missing/{id}'.get.responses.default.content.'application/problem+json'.schema.$ref",
                        equalTo(ProblemOpenApiFilter.PROBLEM_REF));
    }

    @Test
    void theBearerTokenIsTheDocumentsDefaultSecurityRequirement() {
        given().accept("application/json").get("/q/openapi")
                .then().statusCode(200)
                .body("components.securitySchemes.SecurityScheme.scheme", equalTo("bearer"))
                .body("security[0].SecurityScheme", equalTo(List.of()));
    }
}
