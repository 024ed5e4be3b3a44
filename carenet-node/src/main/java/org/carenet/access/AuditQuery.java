package org.carenet.access;

import java.time.Instant;

/** Filters for reading the audit trail; null means any. {@code from} is inclusive, {@code to} exclusive. */
public record AuditQuery(String actor, String resource, Instant from, Instant to) {}
