package org.carenet.records.internal;

import io.micrometer.core.instrument.MeterRegistry;
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
 * Consent checks — a physician's reach to a patient's records, with the visit they mean to read or the readers of
 * the visit they mean to write — answered in batches: the checks that arrive while others are being looked up are
 * looked up together, by one query, on one thread. Every read, list and write of visits by a physician makes one.
 *
 * <p>A check is a handful of index lookups, and what PostgreSQL spends on it is mostly per statement: taking the
 * message, locking and opening ten relations and indexes, starting the executor, answering, waking up for the next.
 * Measured on the development machine (a client of the node's driver and pool, 32 threads, different visits), a
 * statement for one read of a visit cost its backend ~125 µs of CPU, one for four reads ~33 µs per read, and one
 * for eight ~25 µs. Under load the batches form by themselves; alone, a check is a batch of one.
 *
 * <p>Each check keeps its own time for the grants in force, and the batch's statement starts after each of its
 * checks arrived, so a check sees every grant, revocation and link committed before it was asked for.
 */
@Component
public class ConsentChecks implements BatchingQueue.Owner {

    /** At most this many checks per statement; the query's {@code limit} tells PostgreSQL as much. */
    static final int MAX_BATCH = 16;

    /**
     * One thread: a check's statement is short, and the checks that arrive meanwhile make the next batch bigger.
     * In alternating short runs of the benchmark (six with one thread, four with two), one thread averaged 4,865
     * reads/s against 4,492, at 90 µs of PostgreSQL's CPU per read against 106.
     */
    private static final int THREADS = 1;

    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    /**
     * One row per check, in the order asked ({@code q.i}). The checks come as parallel arrays, numbered by
     * {@code generate_subscripts} under a {@code limit}: PostgreSQL then plans for {@value #MAX_BATCH} rows whatever
     * the batch's size, so it keeps the one generic plan it prepared (an {@code unnest} of the arrays would show it
     * each batch's size and have it plan every statement anew). The readers are looked up only for the checks that
     * ask for them: a {@code case} evaluates its subquery only when it is chosen.
     */
    static final String QUERY =
            "with a as (select ?::text[] as patient, ?::text[] as physician, ?::text[]::timestamptz[]"
                    + " as at, ?::boolean[] as readers, ?::uuid[] as visit, ?::text[] as recipient), q as (select s.i,"
                    + " a.patient[s.i] as patient, a.physician[s.i] as physician, a.at[s.i] as at, a.readers[s.i] as readers,"
                    + " a.visit[s.i] as visit, a.recipient[s.i] as recipient from a, lateral (select"
                    + " generate_subscripts(a.patient, 1) as i limit " + MAX_BATCH + ") s)"
                    + " select q.i, " + ConsentRows.REACH_COLUMNS + ", case when q.readers then "
                    + ConsentRows.READERS_COLUMN
                    + " end, " + VisitRows.VISIT_COLUMNS + " from q"
                    + " left join records.visits v on v.patient_id = q.patient and v.id = q.visit"
                    + " left join records.visit_keys k on k.visit_id = v.id and k.recipient = q.recipient";

    /**
     * A check of {@code physicianId}'s reach to the patient at {@code now}: with {@code withReaders}, also every
     * physician whose grant of the patient is in force (a new visit's key is wrapped to each); with a
     * {@code visitId}, also that visit, if the patient has it here, through {@code recipient}'s wrap of its key.
     */
    public record Check(
            String patientId, String physicianId, Instant now, boolean withReaders, UUID visitId, String recipient) {

        /** The check before reading one visit of the patient through {@code recipient}'s wrap. */
        public static Check toRead(String patientId, String physicianId, Instant now, UUID visitId, String recipient) {
            return new Check(patientId, physicianId, now, false, visitId, recipient);
        }

        /** The check before writing a visit of the patient: with the readers to wrap its key to. */
        public static Check toWrite(String patientId, String physicianId, Instant now) {
            return new Check(patientId, physicianId, now, true, null, null);
        }

        /** The check before listing the patient's visits. */
        public static Check toList(String patientId, String physicianId, Instant now) {
            return new Check(patientId, physicianId, now, false, null, null);
        }
    }

    /** What a check found: the reach, and the visit if it asked for one and the patient has it here. */
    public record Checked(ConsentRows.Reach reach, Optional<VisitRows.Visit> visit) {}

    private record Pending(Check check, CompletableFuture<Checked> found) {}

    private final JdbcTemplate jdbc;
    private final BatchingQueue<Pending> queue;

    ConsentChecks(JdbcTemplate jdbc, NodeProperties node, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.queue = new BatchingQueue<>(
                "consent-checks", node.hospitalId(), THREADS, MAX_BATCH, STOP_WAIT, meters, this::answer);
    }

    /** Looks the check up with whatever other checks are waiting; on a stopped node, by itself. */
    public Checked check(Check check) {
        Pending pending = new Pending(check, new CompletableFuture<>());
        if (!queue.offer(pending)) {
            return lookUp(List.of(check)).getFirst();
        }
        return BatchingQueue.await(pending.found());
    }

    /** The checks' answers, in their order, from one statement. */
    List<Checked> lookUp(List<Check> checks) {
        int size = checks.size();
        if (size == 0 || size > MAX_BATCH) {
            throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH + " checks, not " + size);
        }
        String[] patients = new String[size];
        String[] physicians = new String[size];
        String[] times = new String[size];
        Boolean[] readers = new Boolean[size];
        UUID[] visits = new UUID[size];
        String[] recipients = new String[size];
        for (int i = 0; i < size; i++) {
            Check check = checks.get(i);
            patients[i] = check.patientId();
            physicians[i] = check.physicianId();
            times[i] = check.now().toString();
            readers[i] = check.withReaders();
            visits[i] = check.visitId();
            recipients[i] = check.recipient();
        }
        Checked[] found = new Checked[size];
        jdbc.query(
                QUERY,
                statement -> {
                    Connection connection = statement.getConnection();
                    statement.setArray(1, connection.createArrayOf("text", patients));
                    statement.setArray(2, connection.createArrayOf("text", physicians));
                    statement.setArray(3, connection.createArrayOf("text", times));
                    statement.setArray(4, connection.createArrayOf("boolean", readers));
                    statement.setArray(5, connection.createArrayOf("uuid", visits));
                    statement.setArray(6, connection.createArrayOf("text", recipients));
                },
                rs -> {
                    int i = rs.getInt(1) - 1;
                    found[i] = new Checked(
                            ConsentRows.reach(rs, 2),
                            rs.getObject(6) == null ? Optional.empty() : Optional.of(VisitRows.visit(rs, 6)));
                });
        for (int i = 0; i < size; i++) {
            if (found[i] == null) {
                throw new IllegalStateException("the batched consent check answered no row for check " + (i + 1));
            }
        }
        return List.of(found);
    }

    private void answer(List<Pending> batch) {
        try {
            List<Checked> found = lookUp(batch.stream().map(Pending::check).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).found().complete(found.get(i));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(pending -> pending.found().completeExceptionally(e));
        }
    }

    @Override
    public BatchingQueue<?> batches() {
        return queue;
    }
}
