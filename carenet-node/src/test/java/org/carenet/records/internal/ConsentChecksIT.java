package org.carenet.records.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carenet.testing.NodeTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Consent checks looked up many at a time: each gets its own reach, readers and visit, as if it were alone. */
@NodeTest
class ConsentChecksIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Duration DAY = Duration.ofDays(1);

    @Autowired
    ConsentChecks checks;

    @Autowired
    VisitRows visits;

    @Autowired
    JdbcTemplate jdbc;

    /** Registered, with a visit wrapped to itself and to the granted physician. */
    private String patient;
    /** Registered, no visit, no grant. */
    private String otherPatient;
    /** No longer registered here. */
    private String gonePatient;
    /** Linked to the patient, with a read-and-write grant in force. */
    private String granted;
    /** Linked, but their grant was revoked. */
    private String revoked;
    /** Linked, but their grant has expired. */
    private String expired;
    /** Not linked, with a read grant in force. */
    private String unlinked;

    private UUID visit;

    @BeforeEach
    void aPatientTheirVisitAndPhysiciansWithEveryKindOfConsent() {
        patient = patient("REGISTERED");
        otherPatient = patient("REGISTERED");
        gonePatient = patient("UNREGISTERED");
        granted = physician();
        revoked = physician();
        expired = physician();
        unlinked = physician();
        for (String physician : List.of(granted, revoked, expired)) {
            jdbc.update(
                    "insert into records.links (patient_id, physician_id, linked_at, linked_by) values (?, ?, ?, ?)",
                    patient,
                    physician,
                    Timestamp.from(NOW),
                    "test");
        }
        grant(granted, "READ_WRITE", NOW.minus(DAY), NOW.plus(DAY), null);
        grant(revoked, "READ", NOW.minus(DAY), NOW.plus(DAY), NOW.minusSeconds(1));
        grant(expired, "READ", NOW.minus(DAY.multipliedBy(2)), NOW.minus(DAY), null);
        grant(unlinked, "READ", NOW.minus(DAY), NOW.plus(DAY), null);
        visit = UUID.randomUUID();
        visits.insert(
                new VisitRows.Visit(visit, patient, granted, "hospital-a", NOW, NOW, new byte[] {1, 2, 3}, null),
                Map.of(VisitRows.PATIENT, new byte[] {10}, granted, new byte[] {20}));
    }

    @Test
    void aFullBatchAnswersEachCheckAsItWouldBeAnsweredAlone() {
        List<ConsentChecks.Check> batch = new ArrayList<>(List.of(
                read(patient, granted, NOW, visit, granted),
                read(patient, granted, NOW, visit, VisitRows.PATIENT),
                read(patient, revoked, NOW, visit, revoked),
                read(patient, expired, NOW, visit, expired),
                read(patient, unlinked, NOW, visit, unlinked),
                // before the grant was issued, and after it expired
                read(patient, granted, NOW.minus(DAY.multipliedBy(2)), visit, granted),
                read(patient, granted, NOW.plus(DAY.multipliedBy(2)), visit, granted),
                read(patient, granted, NOW, UUID.randomUUID(), granted),
                // the visit exists, but not as this patient's
                read(otherPatient, granted, NOW, visit, granted),
                read(gonePatient, granted, NOW, visit, granted),
                read("never-registered", granted, NOW, visit, granted),
                ConsentChecks.Check.toWrite(patient, granted, NOW),
                ConsentChecks.Check.toWrite(patient, unlinked, NOW.minus(DAY.multipliedBy(2))),
                ConsentChecks.Check.toWrite(otherPatient, granted, NOW),
                ConsentChecks.Check.toList(patient, revoked, NOW)));
        while (batch.size() < ConsentChecks.MAX_BATCH) {
            batch.add(read(patient, granted, NOW, visit, granted));
        }

        List<ConsentChecks.Checked> found = checks.lookUp(batch);

        assertThat(found).hasSize(ConsentChecks.MAX_BATCH);
        assertReach(found.get(0), true, true, "READ_WRITE");
        assertThat(found.get(0).visit()).hasValueSatisfying(row -> {
            assertThat(row.id()).isEqualTo(visit);
            assertThat(row.patientId()).isEqualTo(patient);
            assertThat(row.physicianId()).isEqualTo(granted);
            assertThat(row.visitedAt()).isEqualTo(NOW);
            assertThat(row.content()).containsExactly(1, 2, 3);
            assertThat(row.wrappedKey()).containsExactly(20);
        });
        assertThat(found.get(1).visit())
                .hasValueSatisfying(row -> assertThat(row.wrappedKey()).containsExactly(10));
        assertReach(found.get(2), true, true, null);
        assertThat(found.get(2).visit())
                .hasValueSatisfying(row -> assertThat(row.wrappedKey()).isNull());
        assertReach(found.get(3), true, true, null);
        assertReach(found.get(4), true, false, "READ");
        assertReach(found.get(5), true, true, null);
        assertReach(found.get(6), true, true, null);
        assertReach(found.get(7), true, true, "READ_WRITE");
        assertThat(found.get(7).visit()).isEmpty();
        assertReach(found.get(8), true, false, null);
        assertThat(found.get(8).visit()).isEmpty();
        assertReach(found.get(9), false, false, null);
        assertReach(found.get(10), false, false, null);
        // a write's check names every physician with a grant in force at its time, ordered
        assertThat(found.get(11).reach())
                .isEqualTo(new ConsentRows.Reach(
                        true,
                        true,
                        "READ_WRITE",
                        List.of(granted, unlinked).stream().sorted().toList()));
        assertThat(found.get(11).visit()).isEmpty();
        assertThat(found.get(12).reach()).isEqualTo(new ConsentRows.Reach(true, false, null, List.of(expired)));
        assertThat(found.get(13).reach()).isEqualTo(new ConsentRows.Reach(true, false, null, List.of()));
        assertReach(found.get(14), true, true, null);
        assertThat(found.get(14).visit()).isEmpty();
        for (int i = 0; i < batch.size(); i++) {
            ConsentChecks.Checked alone = checks.lookUp(List.of(batch.get(i))).getFirst();
            assertThat(found.get(i).reach()).as("check %d", i + 1).isEqualTo(alone.reach());
            assertThat(found.get(i).visit().map(ConsentChecksIT::idAndWrap))
                    .as("check %d", i + 1)
                    .isEqualTo(alone.visit().map(ConsentChecksIT::idAndWrap));
        }
    }

    @Test
    void aBatchOfMoreChecksThanTheQueryTakesIsRefused() {
        List<ConsentChecks.Check> batch = new ArrayList<>();
        for (int i = 0; i <= ConsentChecks.MAX_BATCH; i++) {
            batch.add(read(patient, granted, NOW, visit, granted));
        }

        assertThatIllegalArgumentException().isThrownBy(() -> checks.lookUp(batch));
        assertThatIllegalArgumentException().isThrownBy(() -> checks.lookUp(List.of()));
    }

    @Test
    void concurrentReadsOfDifferentPatientsEachGetTheirOwnVisit() throws Exception {
        int count = 200;
        List<String> patients = new ArrayList<>();
        List<UUID> visitIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String someone = patient("REGISTERED");
            UUID id = UUID.randomUUID();
            visits.insert(
                    new VisitRows.Visit(id, someone, granted, "hospital-a", NOW, NOW, new byte[] {(byte) i}, null),
                    Map.of(granted, new byte[] {(byte) i, 1}));
            patients.add(someone);
            visitIds.add(id);
        }

        List<Future<ConsentChecks.Checked>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                ConsentChecks.Check read = read(patients.get(i), granted, NOW, visitIds.get(i), granted);
                answers.add(clients.submit(() -> checks.check(read)));
            }
        }

        for (int i = 0; i < count; i++) {
            ConsentChecks.Checked found = answers.get(i).get();
            assertReach(found, true, false, null);
            int n = i;
            assertThat(found.visit()).hasValueSatisfying(row -> {
                assertThat(row.id()).isEqualTo(visitIds.get(n));
                assertThat(row.patientId()).isEqualTo(patients.get(n));
                assertThat(row.content()).containsExactly((byte) n);
                assertThat(row.wrappedKey()).containsExactly((byte) n, 1);
            });
        }
    }

    @Test
    void aReadSeesARevocationCommittedBeforeIt() {
        ConsentChecks.Check read = read(patient, granted, NOW, visit, granted);
        assertThat(checks.check(read).reach().scope()).isEqualTo("READ_WRITE");

        jdbc.update(
                "update records.grants set revoked_at = ? where patient_id = ? and physician_id = ?",
                Timestamp.from(NOW),
                patient,
                granted);

        assertThat(checks.check(read).reach().scope()).isNull();
    }

    private static String idAndWrap(VisitRows.Visit row) {
        return row.id() + " "
                + (row.wrappedKey() == null ? "no wrap" : HexFormat.of().formatHex(row.wrappedKey()));
    }

    private static ConsentChecks.Check read(
            String patient, String physician, Instant at, UUID visit, String recipient) {
        return ConsentChecks.Check.toRead(patient, physician, at, visit, recipient);
    }

    private static void assertReach(ConsentChecks.Checked found, boolean registered, boolean linked, String scope) {
        assertThat(found.reach()).isEqualTo(new ConsentRows.Reach(registered, linked, scope, List.of()));
    }

    private String patient(String state) {
        String id = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        jdbc.update(
                "insert into records.patients (id, state, registered_at, updated_at) values (?, ?, ?, ?)",
                id,
                state,
                Timestamp.from(NOW),
                Timestamp.from(NOW));
        return id;
    }

    private String physician() {
        String id = "physician-" + UUID.randomUUID();
        jdbc.update(
                "insert into records.physicians (id, user_id, name, signing_key, encryption_key, sealed_identity,"
                        + " since, affiliation) values (?, ?, 'Dr Test', 'key', ?, 'sealed', ?, 'affiliation')",
                id,
                UUID.randomUUID(),
                new byte[] {0},
                Timestamp.from(NOW));
        return id;
    }

    private void grant(String physician, String scope, Instant issued, Instant expires, Instant revokedAt) {
        jdbc.update(
                "insert into records.grants (id, patient_id, physician_id, scope, issued_at, expires_at, signature,"
                        + " recorded_at, revoked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID(),
                patient,
                physician,
                scope,
                Timestamp.from(issued),
                Timestamp.from(expires),
                new byte[] {0},
                Timestamp.from(NOW),
                revokedAt == null ? null : Timestamp.from(revokedAt));
    }
}
