package org.carenet.access;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.carenet.access.internal.AuditChain;
import org.carenet.access.internal.AuditRows;
import org.carenet.access.internal.AuditWriter;
import org.carenet.platform.RequestIds;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The node's audit trail: who did what to which data, when, with what outcome. Append-only and hash-chained; every
 * entry is durable before the request that caused it completes.
 */
@Service
public class AuditTrail {

    private static final int VERIFY_CHUNK = 5_000;

    private final AuditWriter writer;
    private final AuditRows rows;
    private final Clock clock;

    AuditTrail(AuditWriter writer, AuditRows rows, Clock clock) {
        this.writer = writer;
        this.rows = rows;
        this.clock = clock;
    }

    /** Appends an event, tagged with the id of the request being handled, and returns its sequence number. */
    public long record(AuditEvent event) {
        return writer.append(event, currentRequestId());
    }

    public Page<AuditEntry> find(AuditQuery query, int page, int size) {
        return new Page<>(rows.find(query, page, size), page, size, rows.count(query));
    }

    /**
     * Walks the chain from the first entry to the last this node wrote, recomputing every hash, and reports the first
     * entry that is missing, altered or not linked to its predecessor.
     */
    public AuditVerification verify() {
        AuditRows.Head head = writer.head();
        long expected = 1;
        byte[] prev = AuditChain.GENESIS;
        List<AuditRows.Row> segment;
        do {
            segment = rows.chainSegment(expected - 1, head.seq(), VERIFY_CHUNK);
            for (AuditRows.Row row : segment) {
                long seq = row.entry().seq();
                if (seq != expected) {
                    return broken(
                            expected - 1, expected, "entry " + expected + " is missing (the next is " + seq + ")");
                }
                if (!Arrays.equals(row.prevHash(), prev)) {
                    return broken(expected - 1, seq, "entry " + seq + " does not link to entry " + (seq - 1));
                }
                if (!Arrays.equals(row.recomputeHash(), row.hash())) {
                    return broken(
                            expected - 1, seq, "entry " + seq + " was altered: its hash does not match its content");
                }
                prev = row.hash();
                expected++;
            }
        } while (segment.size() == VERIFY_CHUNK);
        if (expected - 1 < head.seq()) {
            return broken(expected - 1, expected, "entries " + expected + " to " + head.seq() + " are missing");
        }
        if (!Arrays.equals(prev, head.hash())) {
            return broken(expected - 1, head.seq(), "entry " + head.seq() + " is not the one this node wrote");
        }
        return new AuditVerification(true, expected - 1, null, null, clock.instant());
    }

    private AuditVerification broken(long checked, long seq, String problem) {
        return new AuditVerification(false, checked, seq, problem, clock.instant());
    }

    private static String currentRequestId() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return RequestIds.current(request);
        }
        return "system";
    }
}
