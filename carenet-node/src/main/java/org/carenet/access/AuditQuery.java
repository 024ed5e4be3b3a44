package org.carenet.access;

import java.time.Instant;

/**
 * Filters for reading the audit trail; null means any. {@code from} is inclusive, {@code to} exclusive.
 *
 * @param resourceId the instance acted on, e.g. a patient's network identifier for every access to their records
 */
public record AuditQuery(String actor, String resource, String resourceId, Instant from, Instant to) {

    public AuditQuery(String actor, String resource, Instant from, Instant to) {
        this(actor, resource, null, from, to);
    }
}
