package org.carenet.access.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.carenet.access.internal.EndpointCatalog;
import org.carenet.platform.NodeProperties;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * What the OpenAPI document says about access and errors: which operations need a bearer token (all but the public
 * ones, from the same catalogue the access policy enforces), and the problem+json answers every operation can give.
 */
@Component
class ApiDocumentation implements OpenApiCustomizer {

    static final String BEARER = "bearerAuth";
    private static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    private final EndpointCatalog catalog;
    private final NodeProperties node;

    ApiDocumentation(EndpointCatalog catalog, NodeProperties node) {
        this.catalog = catalog;
        this.node = node;
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.info(new Info()
                .title("Carenet node: " + node.hospitalName())
                .version("v1")
                .description("The API of one hospital's Carenet node. Errors are RFC 9457 problem+json whose type is"
                        + " urn:carenet:problem:<kind>; every response carries X-Request-Id."));
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.components(components
                .addSecuritySchemes(
                        BEARER,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description("An access token from POST /api/auth/login"))
                .addSchemas(PROBLEM, problemSchema()));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths()
                .forEach((path, item) ->
                        item.readOperationsMap().forEach((method, operation) -> document(path, method, operation)));
    }

    private void document(String path, PathItem.HttpMethod method, Operation operation) {
        boolean open = catalog.endpoints().stream()
                .anyMatch(endpoint -> endpoint.isPublic()
                        && endpoint.path().equals(path)
                        && endpoint.method().equals(method.name()));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        problem(responses, "400", "Malformed or invalid request: the detail names the field");
        if (open) {
            problem(responses, "401", "Wrong credentials or an unusable token");
        } else {
            operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
            problem(responses, "401", "No access token, or an expired, tampered or revoked one");
            problem(responses, "403", "The permission matrix does not allow this to the caller's roles");
        }
        problem(responses, "413", "The request body is larger than the node accepts");
        problem(responses, "500", "An unexpected error; quote the requestId to the operators");
        operation.setResponses(responses);
    }

    private static void problem(ApiResponses responses, String status, String description) {
        if (responses.containsKey(status)) {
            return;
        }
        responses.addApiResponse(
                status,
                new ApiResponse()
                        .description(description)
                        .content(new Content()
                                .addMediaType(
                                        PROBLEM_JSON,
                                        new MediaType()
                                                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .properties(Map.of(
                        "type", new StringSchema().example("urn:carenet:problem:validation-failed"),
                        "title", new StringSchema(),
                        "status", new IntegerSchema(),
                        "detail", new StringSchema(),
                        "instance", new StringSchema(),
                        "requestId", new StringSchema()));
    }
}
