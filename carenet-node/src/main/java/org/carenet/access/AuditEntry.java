package org.carenet.access;

import java.time.Instant;

/** One entry of the audit trail as stored: the event, where it sits in the chain, and the chain's hashes (hex). */
public record AuditEntry(
        long seq,
        Instant at,
        String actor,
        String roles,
        String action,
        String resource,
        String resourceId,
        String outcome,
        String detail,
        String requestId,
        String prevHash,
        String hash) {}
