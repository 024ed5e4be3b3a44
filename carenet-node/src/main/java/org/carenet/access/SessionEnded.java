package org.carenet.access;

import java.util.UUID;

/**
 * A login session ended (logout, a refresh token used twice, an administrator's change): what was held for it, such
 * as keys the session brought, can be let go.
 */
public record SessionEnded(UUID sessionId) {}
