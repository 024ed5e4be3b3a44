package org.carenet.access;

import java.time.Instant;

/**
 * The result of walking the audit chain.
 *
 * @param intact whether every entry is present, unaltered and linked to its predecessor
 * @param entriesChecked how many entries were walked
 * @param firstBrokenSeq the sequence number of the first broken link, when not intact
 * @param problem what is wrong there
 */
public record AuditVerification(
        boolean intact, long entriesChecked, Long firstBrokenSeq, String problem, Instant verifiedAt) {}
