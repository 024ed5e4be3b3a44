package org.carenet.records.internal;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.carenet.platform.BatchingQueue;
import org.carenet.platform.NodeProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads of one visit, each with the consent that decides it, answered in batches: the reads that arrive while
 * others are being looked up are looked up together, by one query, on one of a few reader threads.
 *
 * <p>A read of one visit is a handful of index lookups, and what PostgreSQL spends on it is mostly per statement:
 * taking the message, locking and opening ten relations and indexes, starting the executor, answering, waking up
 * for the next. Measured on the development machine (a client of the node's driver and pool, 32 threads, different
 * visits), a statement for one read cost its backend ~125 µs of CPU, one for four reads ~33 µs per read, and one
 * for eight ~25 µs. Under load the batches form by themselves; alone, a read is a batch of one.
 *
 * <p>Each read keeps its own time for the grants in force, and the batch's statement starts after each of its
 * reads arrived, so a read sees every grant, revocation and link committed before it was asked for.
 */
@Component
public class VisitReads implements BatchingQueue.Owner {

    /** At most this many reads per statement; the query's {@code limit} tells PostgreSQL as much. */
    static final int MAX_BATCH = 16;

    private static final int READER_THREADS = 2;
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    /**
     * One row per read, in the order asked ({@code q.i}). The reads come as parallel arrays, numbered by
     * {@code generate_subscripts} under a {@code limit}: PostgreSQL then plans for {@value #MAX_BATCH} rows whatever
     * the batch's size, so it keeps the one generic plan it prepared (an {@code unnest} of the arrays would show it
     * each batch's size and have it plan every statement anew).
     */
    static final String QUERY = "with a as (select ?::text[] as patient, ?::text[] as physician, ?::uuid[] as visit,"
            + " ?::text[] as recipient, ?::text[]::timestamptz[] as at), q as (select s.i, a.patient[s.i] as patient,"
            + " a.physician[s.i] as physician, a.visit[s.i] as visit, a.recipient[s.i] as recipient, a.at[s.i] as at"
            + " from a, lateral (select generate_subscripts(a.patient, 1) as i limit " + MAX_BATCH + ") s)"
            + " select q.i, " + ConsentRows.REACH_COLUMNS + ", " + VisitRows.VISIT_COLUMNS + " from q"
            + " left join records.visits v on v.patient_id = q.patient and v.id = q.visit"
            + " left join records.visit_keys k on k.visit_id = v.id and k.recipient = q.recipient";

    /** A read: {@code physicianId}'s reach to the patient at {@code now}, and the visit through {@code recipient}'s wrap. */
    public record Read(String patientId, String physicianId, Instant now, UUID visitId, String recipient) {}

    /** What a read found: the reach, and the visit if the patient has it here. */
    public record ReachAndVisit(ConsentRows.Reach reach, Optional<VisitRows.Visit> visit) {}

    private record Pending(Read read, CompletableFuture<ReachAndVisit> found) {}

    private final JdbcTemplate jdbc;
    private final BatchingQueue<Pending> queue;

    VisitReads(JdbcTemplate jdbc, NodeProperties node) {
        this.jdbc = jdbc;
        this.queue = new BatchingQueue<>(
                "visit-reads-" + node.hospitalId(), READER_THREADS, MAX_BATCH, STOP_WAIT, this::answer);
    }

    /** Looks the read up with whatever other reads are waiting; on a stopped node, by itself. */
    public ReachAndVisit read(Read read) {
        Pending pending = new Pending(read, new CompletableFuture<>());
        if (!queue.offer(pending)) {
            return lookUp(List.of(read)).getFirst();
        }
        return BatchingQueue.await(pending.found());
    }

    /** The reads' answers, in their order, from one statement. */
    List<ReachAndVisit> lookUp(List<Read> reads) {
        int size = reads.size();
        if (size == 0 || size > MAX_BATCH) {
            throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH + " reads, not " + size);
        }
        String[] patients = new String[size];
        String[] physicians = new String[size];
        UUID[] visits = new UUID[size];
        String[] recipients = new String[size];
        String[] times = new String[size];
        for (int i = 0; i < size; i++) {
            Read read = reads.get(i);
            patients[i] = read.patientId();
            physicians[i] = read.physicianId();
            visits[i] = read.visitId();
            recipients[i] = read.recipient();
            times[i] = read.now().toString();
        }
        ReachAndVisit[] found = new ReachAndVisit[size];
        jdbc.query(
                QUERY,
                statement -> {
                    Connection connection = statement.getConnection();
                    statement.setArray(1, connection.createArrayOf("text", patients));
                    statement.setArray(2, connection.createArrayOf("text", physicians));
                    statement.setArray(3, connection.createArrayOf("uuid", visits));
                    statement.setArray(4, connection.createArrayOf("text", recipients));
                    statement.setArray(5, connection.createArrayOf("text", times));
                },
                rs -> {
                    int i = rs.getInt(1) - 1;
                    found[i] = new ReachAndVisit(
                            ConsentRows.reach(rs, 2, false),
                            rs.getObject(5) == null ? Optional.empty() : Optional.of(VisitRows.visit(rs, 5)));
                });
        for (int i = 0; i < size; i++) {
            if (found[i] == null) {
                throw new IllegalStateException("the batched visit read answered no row for read " + (i + 1));
            }
        }
        return List.of(found);
    }

    private void answer(List<Pending> batch) {
        try {
            List<ReachAndVisit> found = lookUp(batch.stream().map(Pending::read).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).found().complete(found.get(i));
            }
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.found().completeExceptionally(e));
        }
    }

    @Override
    public BatchingQueue<?> batches() {
        return queue;
    }
}
