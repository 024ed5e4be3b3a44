package org.carenet.access;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The authenticated caller of a request, as the access policy established it. Endpoints receive it as a method
 * parameter.
 */
public record CurrentUser(UserId id, String username, Set<Role> roles, UUID sessionId) {

    /** How a patient's principal is named: this prefix, then the patient's network identifier. */
    public static final String PATIENT_PREFIX = "patient:";

    public CurrentUser {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The network identifier of the patient this session belongs to; empty for staff. */
    public Optional<String> patient() {
        return roles.contains(Role.PATIENT) && username.startsWith(PATIENT_PREFIX)
                ? Optional.of(username.substring(PATIENT_PREFIX.length()))
                : Optional.empty();
    }

    /** The roles as one string, sorted, for the audit trail. */
    public String rolesText() {
        return Role.text(roles);
    }
}
