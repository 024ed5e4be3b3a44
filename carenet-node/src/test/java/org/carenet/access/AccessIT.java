package org.carenet.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.carenet.testing.Api;
import org.carenet.testing.MutableClock;
import org.carenet.testing.NodeTest;
import org.carenet.testing.TestClockConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

@NodeTest
@Import(TestClockConfiguration.class)
class AccessIT {

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    Api api;
    AccessFixture fixture;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fixture = new AccessFixture(api);
    }

    @Test
    void listingUsersWithoutATokenIs401AndAudited() {
        Api.Response response = api.get("/api/users", null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:carenet:problem:unauthenticated");
        JsonNode entry = lastAuditEntry(response);
        assertThat(entry.get("actor").asString()).isEqualTo("anonymous");
        assertThat(entry.get("outcome").asString()).isEqualTo("UNAUTHENTICATED");
        assertThat(entry.get("resource").asString()).isEqualTo("USER");
    }

    @Test
    void anExpiredTokenIs401() {
        String token = fixture.tokenFor("expiring", Role.RESEARCHER);
        assertThat(api.get("/api/access/permissions", token).status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(16));
        Api.Response response = api.get("/api/access/permissions", token);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("detail").asString()).contains("expired");
        assertThat(lastAuditEntry(response).get("outcome").asString()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void aTamperedTokenIs401() {
        String token = fixture.adminToken();
        String[] parts = token.split("\\.");
        String otherPayload = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"sub\":\"" + java.util.UUID.randomUUID() + "\",\"exp\":99999999999}").getBytes());

        Api.Response response = api.get("/api/users", parts[0] + "." + otherPayload + "." + parts[2]);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("detail").asString()).contains("signature");
    }

    @Test
    void aPhysicianListingUsersIs403AndTheDenialIsAudited() {
        String token = fixture.tokenFor("dr-house", Role.PHYSICIAN);

        Api.Response response = api.get("/api/users", token);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("detail").asString())
                .contains("PHYSICIAN")
                .contains("READ USER");
        JsonNode entry = lastAuditEntry(response);
        assertThat(entry.get("actor").asString()).isEqualTo("dr-house");
        assertThat(entry.get("role").asString()).isEqualTo("PHYSICIAN");
        assertThat(entry.get("outcome").asString()).isEqualTo("DENIED");
    }

    @Test
    void anAdminListingUsersIs200AndTheReadIsAudited() {
        Api.Response response = api.get("/api/users", fixture.adminToken());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("items").findValuesAsString("username")).contains("admin");
        JsonNode entry = lastAuditEntry(response);
        for (String field :
                List.of("time", "actor", "role", "action", "resource", "resourceId", "outcome", "requestId")) {
            assertThat(entry.has(field)).as(field).isTrue();
        }
        assertThat(entry.get("actor").asString()).isEqualTo("admin");
        assertThat(entry.get("role").asString()).isEqualTo("ADMIN");
        assertThat(entry.get("action").asString()).isEqualTo("READ");
        assertThat(entry.get("outcome").asString()).isEqualTo("SUCCESS");
    }

    @Test
    void readingOneUserRecordsItsIdInTheAuditTrail() {
        String id = fixture.userWithRole("nurse-joy", Role.NURSE);

        Api.Response response = api.get("/api/users/" + id, fixture.adminToken());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("username").asString()).isEqualTo("nurse-joy");
        assertThat(response.body()).doesNotContain("password");
        assertThat(lastAuditEntry(response).get("resourceId").asString()).isEqualTo(id);
    }

    @Test
    void loginsSucceedingAndFailingAreAudited() {
        api.login("admin", NodeTest.ADMIN_PASSWORD);
        Api.Response failed =
                api.post("/api/auth/login", null, Api.json(Map.of("username", "admin", "password", "wrong-password")));

        assertThat(failed.status()).isEqualTo(401);
        assertThat(failed.json().get("detail").asString()).isEqualTo("Invalid username or password");
        JsonNode entry = lastAuditEntry(failed);
        assertThat(entry.get("action").asString()).isEqualTo("LOGIN");
        assertThat(entry.get("outcome").asString()).isEqualTo("FAILURE");
        assertThat(entry.get("actor").asString()).isEqualTo("admin");
    }

    @Test
    void repeatedFailedLoginsLockTheAccountUntilTheLockoutEnds() {
        fixture.userWithRole("porter-pat", Role.PORTER);
        String wrong = Api.json(Map.of("username", "porter-pat", "password", "not-the-password"));
        for (int attempt = 1; attempt < 5; attempt++) {
            assertThat(api.post("/api/auth/login", null, wrong).status()).isEqualTo(401);
        }

        Api.Response fifth = api.post("/api/auth/login", null, wrong);
        Api.Response rightPasswordWhileLocked = api.post(
                "/api/auth/login",
                null,
                Api.json(Map.of("username", "porter-pat", "password", AccessFixture.PASSWORD)));

        assertThat(fifth.status()).isEqualTo(423);
        assertThat(fifth.json().get("type").asString()).isEqualTo("urn:carenet:problem:account-locked");
        assertThat(rightPasswordWhileLocked.status()).isEqualTo(423);

        clock.advance(Duration.ofMinutes(16));
        assertThat(api.login("porter-pat", AccessFixture.PASSWORD)).isNotBlank();
    }

    @Test
    void aRefreshTokenWorksOnceAndReusingItEndsTheSession() {
        fixture.userWithRole("cleaner-cy", Role.CLEANER);
        JsonNode tokens = api.post(
                        "/api/auth/login",
                        null,
                        Api.json(Map.of("username", "cleaner-cy", "password", AccessFixture.PASSWORD)))
                .json();
        String refresh = tokens.get("refreshToken").asString();

        Api.Response refreshed = api.post("/api/auth/refresh", null, Api.json(Map.of("refreshToken", refresh)));
        assertThat(refreshed.status()).isEqualTo(200);
        String newAccess = refreshed.json().get("accessToken").asString();
        assertThat(api.get("/api/access/permissions", newAccess).status()).isEqualTo(200);

        Api.Response replayed = api.post("/api/auth/refresh", null, Api.json(Map.of("refreshToken", refresh)));

        assertThat(replayed.status()).isEqualTo(401);
        assertThat(api.get("/api/access/permissions", newAccess).status()).isEqualTo(401);
    }

    @Test
    void loggingOutRevokesTheSessionsAccessTokens() {
        fixture.userWithRole("researcher-ray", Role.RESEARCHER);
        JsonNode tokens = api.post(
                        "/api/auth/login",
                        null,
                        Api.json(Map.of("username", "researcher-ray", "password", AccessFixture.PASSWORD)))
                .json();
        String access = tokens.get("accessToken").asString();
        assertThat(api.get("/api/access/permissions", access).status()).isEqualTo(200);

        Api.Response logout = api.post(
                "/api/auth/logout",
                null,
                Api.json(Map.of("refreshToken", tokens.get("refreshToken").asString())));

        assertThat(logout.status()).isEqualTo(204);
        assertThat(api.get("/api/access/permissions", access).status()).isEqualTo(401);
        assertThat(api.post(
                                "/api/auth/refresh",
                                null,
                                Api.json(Map.of(
                                        "refreshToken",
                                        tokens.get("refreshToken").asString())))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void disablingAnAccountEndsItsSessionsAndEnablingItAgainAllowsLogin() {
        String id = fixture.userWithRole("nurse-ned", Role.NURSE);
        String token = api.login("nurse-ned", AccessFixture.PASSWORD);

        Api.Response disabled = api.patch("/api/users/" + id, fixture.adminToken(), "{\"enabled\":false}");

        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(api.get("/api/access/permissions", token).status()).isEqualTo(401);
        Api.Response login = api.post(
                "/api/auth/login", null, Api.json(Map.of("username", "nurse-ned", "password", AccessFixture.PASSWORD)));
        assertThat(login.status()).isEqualTo(403);
        assertThat(login.json().get("type").asString()).isEqualTo("urn:carenet:problem:account-disabled");

        api.patch("/api/users/" + id, fixture.adminToken(), "{\"enabled\":true}");
        assertThat(api.login("nurse-ned", AccessFixture.PASSWORD)).isNotBlank();
    }

    @Test
    void changingRolesTakesEffectOnTheNextRequest() {
        String id = fixture.userWithRole("promoted", Role.NURSE);
        String token = api.login("promoted", AccessFixture.PASSWORD);
        assertThat(api.get("/api/users", token).status()).isEqualTo(403);

        api.patch("/api/users/" + id, fixture.adminToken(), Api.json(Map.of("roles", List.of("NURSE", "ADMIN"))));
        assertThat(api.get("/api/users", token).status()).isEqualTo(200);

        api.patch("/api/users/" + id, fixture.adminToken(), Api.json(Map.of("roles", List.of("NURSE"))));
        assertThat(api.get("/api/users", token).status()).isEqualTo(403);
    }

    @Test
    void theLastEnabledAdministratorCannotBeDisabledOrDemoted() {
        String adminId = null;
        for (JsonNode user : api.get("/api/users", fixture.adminToken()).json().get("items")) {
            if (user.get("username").asString().equals("admin")) {
                adminId = user.get("id").asString();
            }
        }

        Api.Response demoted =
                api.patch("/api/users/" + adminId, fixture.adminToken(), Api.json(Map.of("roles", List.of("NURSE"))));
        Api.Response disabled = api.patch("/api/users/" + adminId, fixture.adminToken(), "{\"enabled\":false}");

        assertThat(demoted.status()).isEqualTo(409);
        assertThat(disabled.status()).isEqualTo(409);
        assertThat(api.get("/api/users/" + adminId, fixture.adminToken())
                        .json()
                        .get("roles")
                        .toString())
                .contains("ADMIN");
    }

    @Test
    void creatingAUserWithATakenUsernameIs409() {
        fixture.userWithRole("twice", Role.NURSE);

        Api.Response again = api.post(
                "/api/users",
                fixture.adminToken(),
                Api.json(Map.of("username", "twice", "password", AccessFixture.PASSWORD, "roles", List.of("NURSE"))));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("twice");
    }

    @Test
    void aCreateIsAuditedWithTheNewUsersId() {
        String id = fixture.userWithRole("new-hire", Role.PORTER);

        JsonNode entry = api.get("/api/audit?resource=USER&size=1", fixture.adminToken())
                .json()
                .get("items")
                .get(0);

        assertThat(entry.get("action").asString()).isEqualTo("CREATE");
        assertThat(entry.get("resourceId").asString()).isEqualTo(id);
    }

    /** The audit entry of the request that produced the response, found by its request id. */
    private JsonNode lastAuditEntry(Api.Response response) {
        String requestId = response.header("X-Request-Id");
        assertThat(requestId).isNotBlank();
        Api.Response audit = api.get("/api/audit?size=50", api.login("admin", NodeTest.ADMIN_PASSWORD));
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        JsonNode items = audit.json().get("items");
        for (JsonNode item : items) {
            if (requestId.equals(item.get("requestId").asString())) {
                return item;
            }
        }
        throw new AssertionError("no audit entry for request " + requestId + " in " + items);
    }
}
