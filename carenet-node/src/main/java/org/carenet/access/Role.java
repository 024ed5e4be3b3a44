package org.carenet.access;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;

/** The roles a session can hold. Staff roles come with accounts; PATIENT comes with a patient card login. */
public enum Role {
    ADMIN,
    PHYSICIAN,
    NURSE,
    PORTER,
    CLEANER,
    RESEARCHER,
    PATIENT;

    private static final Role[] BY_NAME =
            Arrays.stream(values()).sorted(Comparator.comparing(Role::name)).toArray(Role[]::new);

    public boolean isStaff() {
        return this != PATIENT;
    }

    /** The roles as one string, sorted by name and comma-separated, as the audit trail records them. */
    public static String text(Set<Role> roles) {
        StringBuilder text = new StringBuilder(16 * roles.size());
        for (Role role : BY_NAME) {
            if (roles.contains(role)) {
                text.append(text.isEmpty() ? "" : ",").append(role.name());
            }
        }
        return text.toString();
    }
}
