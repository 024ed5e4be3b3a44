package org.carenet.access;

import java.time.Instant;
import java.util.Set;

/** A staff account as others may see it: never its password hash. */
public record StaffAccount(
        UserId id,
        String username,
        Set<Role> roles,
        boolean enabled,
        Instant lockedUntil,
        Instant createdAt,
        Instant updatedAt) {}
