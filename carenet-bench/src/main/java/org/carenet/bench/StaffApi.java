package org.carenet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few calls of a node's staff API that the benchmarks make to set themselves up. */
final class StaffApi {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI baseUrl;

    StaffApi(HttpClient http, URI baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    /** Logs in; returns the access token. */
    String login(String username, String password) throws IOException, InterruptedException {
        JsonNode tokens =
                call(post("/api/auth/login", Map.of("username", username, "password", password), null), 200, "log in");
        return tokens.required("accessToken").asString();
    }

    /** Creates a staff account with {@code roles}; returns its id. */
    String createUser(String adminToken, String username, String password, List<String> roles)
            throws IOException, InterruptedException {
        JsonNode created = call(
                post("/api/users", Map.of("username", username, "password", password, "roles", roles), adminToken),
                201,
                "create user " + username);
        return created.required("id").asString();
    }

    /** {@code GET /api/users/{id}} with a bearer token: the request the users benchmark repeats. */
    HttpRequest getUser(String token, String id) {
        return HttpRequest.newBuilder(baseUrl.resolve("/api/users/" + id))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build();
    }

    /** Reads account {@code id} once and checks that the node answers with that account. */
    void requireUser(String token, String id, String username) throws IOException, InterruptedException {
        JsonNode account = call(getUser(token, id), 200, "read user " + id);
        if (!username.equals(account.path("username").asString())) {
            throw new BenchmarkFailure("GET /api/users/" + id + " answered another account: " + account);
        }
    }

    private HttpRequest post(String path, Map<String, ?> body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(JsonMapper.shared().writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private JsonNode call(HttpRequest request, int expectedStatus, String what)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new BenchmarkFailure("could not " + what + ": " + request.method() + " " + request.uri()
                    + " answered " + response.statusCode() + " " + response.body());
        }
        return JsonMapper.shared().readTree(response.body());
    }
}
