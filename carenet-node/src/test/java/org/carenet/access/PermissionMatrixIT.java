package org.carenet.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.carenet.testing.Api;
import org.carenet.testing.NodeTest;
import org.carenet.testing.TestDatabase;
import org.carenet.testing.TestNetwork;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * Walks every operation of the OpenAPI document as every role (staff accounts, and a patient logged in with a card)
 * and as nobody, and checks that the status is what the permission matrix says: 401 without a session, 403 where the
 * matrix denies or the endpoint serves other roles only ({@code callers}), neither where both allow. An operation
 * that has no entry in the matrix's endpoint list fails the test.
 */
@NodeTest
@ContextConfiguration(initializers = {TestDatabase.class, TestNetwork.class})
class PermissionMatrixIT {

    @LocalServerPort
    int port;

    record Call(String method, String path, String template) {}

    @Test
    void everyDocumentedEndpointAnswersEveryRoleAsTheMatrixSays() {
        Api api = new Api(port);
        String admin = api.login("admin", NodeTest.ADMIN_PASSWORD);
        JsonNode permissions = api.get("/api/access/permissions", admin).json();
        Map<Role, String> tokens = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            if (role.isStaff()) {
                String username = "walker-" + role.name().toLowerCase(Locale.ROOT);
                new AccessFixture(api).userWithRole(username, role);
                tokens.put(role, api.login(username, AccessFixture.PASSWORD));
            }
        }
        tokens.put(Role.PATIENT, TestNetwork.patientLogin(api, TestNetwork.card("Walker Patient", "walk-1")));

        List<Call> calls = documentedCalls(api.get("/v3/api-docs", null).json());
        assertThat(calls).extracting(Call::template).contains("/api/users/{id}", "/api/audit/verify");

        List<String> mismatches = new ArrayList<>();
        for (Call call : calls) {
            JsonNode endpoint = endpointOf(permissions, call);
            if (endpoint == null) {
                mismatches.add(call + " has no entry in the permission matrix");
                continue;
            }
            if (endpoint.get("publicReason") != null
                    && !endpoint.get("publicReason").isNull()) {
                continue;
            }
            Resource resource = Resource.valueOf(endpoint.get("resource").asString());
            Operation operation = Operation.valueOf(endpoint.get("operation").asString());

            int anonymous = send(api, call, null);
            if (anonymous != 401) {
                mismatches.add(call + " without a session answered " + anonymous + ", not 401");
            }
            for (Map.Entry<Role, String> role : tokens.entrySet()) {
                boolean allowed =
                        allows(permissions, role.getKey(), resource, operation) && serves(endpoint, role.getKey());
                int status = send(api, call, role.getValue());
                boolean refused = status == 401 || status == 403;
                if (allowed == refused || (!allowed && status != 403)) {
                    mismatches.add(call + " as " + role.getKey() + " answered " + status + " but the matrix "
                            + (allowed ? "allows " : "denies ") + operation + " " + resource);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void theApiDocumentSaysWhichOperationsNeedATokenAndWhatProblemsTheyAnswer() {
        JsonNode docs = new Api(port).get("/v3/api-docs", null).json();

        assertThat(docs.get("components")
                        .get("securitySchemes")
                        .get("bearerAuth")
                        .get("scheme")
                        .asString())
                .isEqualTo("bearer");
        JsonNode getUser = docs.get("paths").get("/api/users/{id}").get("get");
        assertThat(getUser.get("security").toString()).contains("bearerAuth");
        assertThat(getUser.get("responses").has("401")).isTrue();
        assertThat(getUser.get("responses").get("403").get("content").has("application/problem+json"))
                .isTrue();
        JsonNode login = docs.get("paths").get("/api/auth/login").get("post");
        assertThat(login.has("security")).isFalse();
        assertThat(login.get("responses").has("403")).isFalse();
        assertThat(login.get("responses").has("400")).isTrue();
    }

    private static int send(Api api, Call call, String token) {
        String body = switch (call.method()) {
            case "POST", "PUT", "PATCH" -> "{}";
            default -> null;
        };
        return api.send(call.method(), call.path(), token, body).status();
    }

    private static List<Call> documentedCalls(JsonNode openApi) {
        List<Call> calls = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : openApi.get("paths").properties()) {
            String concrete =
                    path.getKey().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                calls.add(new Call(operation.getKey().toUpperCase(Locale.ROOT), concrete, path.getKey()));
            }
        }
        return calls;
    }

    private static JsonNode endpointOf(JsonNode permissions, Call call) {
        for (JsonNode endpoint : permissions.get("endpoints")) {
            if (endpoint.get("method").asString().equals(call.method())
                    && endpoint.get("path").asString().equals(call.template())) {
                return endpoint;
            }
        }
        return null;
    }

    /** Whether the endpoint serves the role: it names no callers, or names this role among them. */
    private static boolean serves(JsonNode endpoint, Role role) {
        JsonNode callers = endpoint.path("callers");
        if (callers.isEmpty()) {
            return true;
        }
        for (JsonNode caller : callers) {
            if (caller.asString().equals(role.name())) {
                return true;
            }
        }
        return false;
    }

    private static boolean allows(JsonNode permissions, Role role, Resource resource, Operation operation) {
        JsonNode operations = permissions.get("grants").get(role.name()).get(resource.name());
        if (operations == null) {
            return false;
        }
        for (JsonNode granted : operations) {
            if (granted.asString().equals(operation.name())) {
                return true;
            }
        }
        return false;
    }
}
