package org.carenet.access.internal;

import java.time.Instant;
import java.util.Set;
import org.carenet.access.Role;
import org.carenet.access.UserId;

/** A row of {@code access.users}. */
public record UserRecord(
        UserId id,
        String username,
        String passwordHash,
        Set<Role> roles,
        boolean enabled,
        int failedLogins,
        Instant lockedUntil,
        Instant createdAt,
        Instant updatedAt) {

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
