package org.carenet.records.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carenet.testing.NodeTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** Visits stored many at a time: each is stored with its own wraps, and one that cannot be fails alone. */
@NodeTest
class VisitInsertsIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Autowired
    VisitInserts inserts;

    @Autowired
    VisitRows visits;

    @Autowired
    JdbcTemplate jdbc;

    private String patient;

    @BeforeEach
    void registerAPatient() {
        patient = patient();
    }

    @Test
    void concurrentWritersEachHaveTheirVisitStoredWithItsWraps() throws Exception {
        int count = 200;
        List<String> patients = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            patients.add(i % 2 == 0 ? patient : patient());
            ids.add(UUID.randomUUID());
        }

        List<Future<?>> stored = new ArrayList<>();
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int n = i;
                stored.add(writers.submit(() -> inserts.insert(
                        visit(ids.get(n), patients.get(n), new byte[] {(byte) n}),
                        Map.of(VisitRows.PATIENT, new byte[] {(byte) n, 1}, "physician-a", new byte[] {(byte) n, 2}))));
            }
        }

        for (Future<?> future : stored) {
            future.get();
        }
        for (int i = 0; i < count; i++) {
            UUID id = ids.get(i);
            byte n = (byte) i;
            assertThat(visits.ofPatient(patients.get(i), "physician-a"))
                    .filteredOn(row -> row.id().equals(id))
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row.content()).containsExactly(n);
                        assertThat(row.wrappedKey()).containsExactly(n, 2);
                    });
            assertThat(visits.wrapsOfPatient(patients.get(i)).get(id))
                    .containsOnlyKeys(VisitRows.PATIENT, "physician-a");
        }
        assertThat(visits.ofPatient(patient, VisitRows.PATIENT)).hasSize(count / 2);
    }

    @Test
    void aVisitThatCannotBeStoredFailsAloneAndTheRestOfItsBatchIsStored() {
        UUID first = UUID.randomUUID();
        UUID orphan = UUID.randomUUID();
        UUID last = UUID.randomUUID();
        List<VisitInserts.Pending> batch = List.of(
                pending(visit(first, patient, new byte[] {1})),
                // no such patient here: the foreign key refuses it
                pending(visit(orphan, "never-registered", new byte[] {2})),
                pending(visit(last, patient, new byte[] {3})));

        inserts.store(batch);

        assertThat(batch.get(0).stored()).isCompleted();
        assertThat(batch.get(2).stored()).isCompleted();
        assertFailedWith(batch.get(1).stored(), DataIntegrityViolationException.class);
        assertThat(visits.ofPatient(patient, VisitRows.PATIENT))
                .extracting(VisitRows.Visit::id)
                .containsExactlyInAnyOrder(first, last);
        assertThat(jdbc.queryForObject(
                        "select count(*) from records.visit_keys where visit_id = ?", Integer.class, orphan))
                .isZero();
    }

    @Test
    void aVisitFoundStoredAsSentCountsAsStoredAndAnotherWithItsIdFails() {
        // as if an earlier attempt of the batch was committed and its answer lost
        VisitRows.Visit committed = visit(UUID.randomUUID(), patient, new byte[] {1, 2, 3});
        visits.insert(committed, Map.of(VisitRows.PATIENT, new byte[] {10}));
        VisitRows.Visit impostor = visit(UUID.randomUUID(), patient, new byte[] {4});
        visits.insert(impostor, Map.of(VisitRows.PATIENT, new byte[] {10}));
        UUID fresh = UUID.randomUUID();
        List<VisitInserts.Pending> batch = List.of(
                pending(committed),
                pending(visit(impostor.id(), patient, new byte[] {5})),
                pending(visit(fresh, patient, new byte[] {6})));
        VisitInserts.Pending alone = pending(committed);

        inserts.store(batch);
        inserts.store(List.of(alone));

        assertThat(batch.get(0).stored()).isCompleted();
        assertThat(alone.stored()).isCompleted();
        assertThat(batch.get(2).stored()).isCompleted();
        assertFailedWith(batch.get(1).stored(), DuplicateKeyException.class);
        assertThat(visits.ofPatient(patient, VisitRows.PATIENT))
                .extracting(VisitRows.Visit::id, VisitRows.Visit::content)
                .containsExactlyInAnyOrder(
                        tuple(committed.id(), committed.content()),
                        tuple(impostor.id(), impostor.content()),
                        tuple(fresh, new byte[] {6}));
    }

    @Test
    void aFullBatchIsStoredByOneStatementWithEachVisitsWraps() {
        List<VisitInserts.Pending> batch = new ArrayList<>();
        for (int i = 0; i < VisitInserts.MAX_BATCH; i++) {
            batch.add(pending(visit(UUID.randomUUID(), i % 2 == 0 ? patient : patient(), new byte[] {(byte) i})));
        }

        // the batched statement itself, without the fallback to one statement per visit
        inserts.insertAll(batch);

        for (VisitInserts.Pending pending : batch) {
            VisitRows.Visit visit = pending.visit();
            assertThat(visits.ofPatient(visit.patientId(), "physician-a"))
                    .filteredOn(row -> row.id().equals(visit.id()))
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row.content()).isEqualTo(visit.content());
                        assertThat(row.wrappedKey()).containsExactly(20);
                    });
            assertThat(visits.wrapsOfPatient(visit.patientId()).get(visit.id()))
                    .containsOnlyKeys(VisitRows.PATIENT, "physician-a");
        }
    }

    private static void assertFailedWith(CompletableFuture<Void> stored, Class<? extends Throwable> failure) {
        assertThat(stored)
                .failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(failure);
    }

    private static VisitInserts.Pending pending(VisitRows.Visit visit) {
        return new VisitInserts.Pending(
                visit,
                Map.of(VisitRows.PATIENT, new byte[] {10}, "physician-a", new byte[] {20}),
                new CompletableFuture<>());
    }

    private static VisitRows.Visit visit(UUID id, String patient, byte[] content) {
        return new VisitRows.Visit(id, patient, "physician-a", "hospital-a", NOW, NOW, content, null);
    }

    private String patient() {
        String id = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        jdbc.update(
                "insert into records.patients (id, state, registered_at, updated_at) values (?, 'REGISTERED', ?, ?)",
                id,
                Timestamp.from(NOW),
                Timestamp.from(NOW));
        return id;
    }
}
