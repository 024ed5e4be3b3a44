package org.carenet.access;

import java.util.List;
import java.util.Map;
import org.carenet.testing.Api;
import org.carenet.testing.NodeTest;

/** Staff accounts made through the API, as an administrator would make them. */
final class AccessFixture {

    static final String PASSWORD = "a-long-enough-password";

    private final Api api;
    private final String adminToken;

    AccessFixture(Api api) {
        this.api = api;
        this.adminToken = api.login("admin", NodeTest.ADMIN_PASSWORD);
    }

    String adminToken() {
        return adminToken;
    }

    /** Creates an account with the given role and returns its id. */
    String userWithRole(String username, Role role) {
        Api.Response created = api.post(
                "/api/users",
                adminToken,
                Api.json(Map.of("username", username, "password", PASSWORD, "roles", List.of(role.name()))));
        if (created.status() != 201) {
            throw new AssertionError("could not create " + username + ": " + created.body());
        }
        return created.json().get("id").asString();
    }

    /** Logs in as a new account with the given role and returns its access token. */
    String tokenFor(String username, Role role) {
        userWithRole(username, role);
        return api.login(username, PASSWORD);
    }
}
