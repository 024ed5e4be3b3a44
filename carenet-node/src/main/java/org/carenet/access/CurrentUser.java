package org.carenet.access;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The authenticated caller of a request, as the access policy established it. Endpoints receive it as a method
 * parameter.
 */
public record CurrentUser(UserId id, String username, Set<Role> roles, UUID sessionId) {

    public CurrentUser {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The roles as one string, sorted, for the audit trail. */
    public String rolesText() {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }
}
