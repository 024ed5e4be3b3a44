package org.carenet.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.carenet.testing.Api;
import org.carenet.testing.NodeTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Bad input gets a 4xx problem+json naming the problem, never a 500, and changes nothing. */
@NodeTest
class BadInputIT {

    @LocalServerPort
    int port;

    Api api;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.login("admin", NodeTest.ADMIN_PASSWORD);
    }

    static Stream<Arguments> badUserCreations() {
        String password = "a-long-enough-password";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"username\": \"x\",", 400, "Malformed JSON"),
                Arguments.of("not JSON at all", "username=x", 400, "Malformed JSON"),
                Arguments.of(
                        "an unknown field",
                        Api.json(Map.of(
                                "username", "mallory", "password", password, "roles", List.of("NURSE"), "admin", true)),
                        400,
                        "Unknown field 'admin'"),
                Arguments.of(
                        "a number for a string",
                        "{\"username\": 42, \"password\": \"" + password + "\", \"roles\": [\"NURSE\"]}",
                        400,
                        "Field 'username'"),
                Arguments.of(
                        "a string for a list",
                        "{\"username\": \"mallory\", \"password\": \"" + password + "\", \"roles\": \"NURSE\"}",
                        400,
                        "Field 'roles'"),
                Arguments.of(
                        "an unknown role",
                        "{\"username\": \"mallory\", \"password\": \"" + password + "\", \"roles\": [\"KING\"]}",
                        400,
                        "Field 'roles"),
                Arguments.of(
                        "a missing password", "{\"username\": \"mallory\", \"roles\": [\"NURSE\"]}", 400, "password"),
                Arguments.of(
                        "no roles",
                        "{\"username\": \"mallory\", \"password\": \"" + password + "\", \"roles\": []}",
                        400,
                        "roles"),
                Arguments.of(
                        "a short password",
                        "{\"username\": \"mallory\", \"password\": \"short\", \"roles\": [\"NURSE\"]}",
                        400,
                        "password"),
                Arguments.of(
                        "an invalid username",
                        "{\"username\": \"Mallory Smith\", \"password\": \"" + password + "\", \"roles\": [\"NURSE\"]}",
                        422,
                        "username"),
                Arguments.of(
                        "the PATIENT role",
                        "{\"username\": \"mallory\", \"password\": \"" + password + "\", \"roles\": [\"PATIENT\"]}",
                        422,
                        "PATIENT"),
                Arguments.of("an empty body", "", 400, "missing"),
                Arguments.of("a JSON array", "[]", 400, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUserCreations")
    void aBadUserCreationIsRefusedWithAProblemAndCreatesNobody(String what, String body, int status, String message) {
        long before = userCount();

        Api.Response response = api.post("/api/users", admin, body);

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains(message);
        assertThat(response.json().get("requestId").asString()).isEqualTo(response.header("X-Request-Id"));
        assertThat(userCount()).isEqualTo(before);
    }

    @Test
    void anOversizedBodyIs413AndCreatesNobody() {
        long before = userCount();
        String huge = "{\"username\": \"" + "x".repeat(300 * 1024) + "\"}";

        Api.Response response = api.post("/api/users", admin, huge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("larger than the limit");
        assertThat(userCount()).isEqualTo(before);
    }

    @Test
    void anIdThatIsNotAUuidIs400() {
        Api.Response response = api.get("/api/users/not-a-uuid", admin);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("'id'").contains("UUID");
    }

    @Test
    void anUnknownUserIs404() {
        Api.Response response = api.get("/api/users/" + java.util.UUID.randomUUID(), admin);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:carenet:problem:user-not-found");
    }

    @Test
    void aWrongTypeInAChangeIs400AndChangesNothing() {
        String id = new AccessFixture(api).userWithRole("steady", Role.NURSE);

        Api.Response response = api.patch("/api/users/" + id, admin, "{\"enabled\": \"no\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("Field 'enabled'");
        assertThat(api.get("/api/users/" + id, admin).json().get("enabled").asBoolean())
                .isTrue();
    }

    @Test
    void anOutOfRangePageSizeIs400() {
        Api.Response response = api.get("/api/audit?size=100000", admin);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anUnknownPathIsAProblemToo() {
        Api.Response response = api.get("/api/no-such-thing", admin);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aWrongMethodIs405() {
        Api.Response response = api.send("DELETE", "/api/users", admin, null);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aLoginWithMissingFieldsIs400() {
        Api.Response response = api.post("/api/auth/login", null, "{\"username\": \"admin\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("password");
    }

    private long userCount() {
        return api.get("/api/users", admin).json().get("totalItems").asLong();
    }
}
