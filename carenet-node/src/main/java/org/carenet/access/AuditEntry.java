package org.carenet.access;

import java.time.Instant;

/**
 * One entry of the audit trail as stored: the event, where it sits in the chain, and the chain's hashes (hex).
 * {@code role} holds the actor's roles, comma-separated when there are several.
 */
public record AuditEntry(
        long seq,
        Instant time,
        String actor,
        String role,
        String action,
        String resource,
        String resourceId,
        String outcome,
        String detail,
        String requestId,
        String prevHash,
        String hash) {}
