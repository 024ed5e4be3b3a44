package org.carenet.records.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.carenet.testing.NodeTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/** A visit and the wraps of its key are stored together or not at all. */
@NodeTest
class VisitRowsIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Autowired
    VisitRows visits;

    @Autowired
    JdbcTemplate jdbc;

    private String patient;

    @BeforeEach
    void registerAPatient() {
        patient = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        jdbc.update(
                "insert into records.patients (id, state, registered_at, updated_at) values (?, 'REGISTERED', ?, ?)",
                patient,
                Timestamp.from(NOW),
                Timestamp.from(NOW));
    }

    private VisitRows.Visit visit(UUID id) {
        return new VisitRows.Visit(id, patient, "physician-a", "hospital-a", NOW, NOW, new byte[] {1, 2, 3}, null);
    }

    @Test
    void aVisitIsStoredWithAWrapForEachReader() {
        UUID id = UUID.randomUUID();
        Map<String, byte[]> wraps = new LinkedHashMap<>();
        wraps.put(VisitRows.PATIENT, new byte[] {10});
        wraps.put("physician-a", new byte[] {20});

        visits.insert(visit(id), wraps);

        assertThat(visits.ofPatient(patient, VisitRows.PATIENT)).singleElement().satisfies(row -> {
            assertThat(row.id()).isEqualTo(id);
            assertThat(row.content()).containsExactly(1, 2, 3);
            assertThat(row.visitedAt()).isEqualTo(NOW);
            assertThat(row.wrappedKey()).containsExactly(10);
        });
        assertThat(visits.ofPatient(patient, "physician-a").getFirst().wrappedKey())
                .containsExactly(20);
        assertThat(visits.ofPatient(patient, "physician-b").getFirst().wrappedKey())
                .isNull();
    }

    @Test
    void aVisitWhoseWrapCannotBeStoredIsNotStoredEither() {
        // the database refuses one wrap after it has taken the visit itself
        jdbc.execute("create function records.refuse_wrap() returns trigger language plpgsql as $$ begin"
                + " raise exception 'wrap refused'; end $$");
        jdbc.execute("create trigger refuse_wrap before insert on records.visit_keys for each row when"
                + " (new.recipient = 'refused') execute function records.refuse_wrap()");
        try {
            Map<String, byte[]> wraps = new LinkedHashMap<>();
            wraps.put(VisitRows.PATIENT, new byte[] {10});
            wraps.put("refused", new byte[] {20});

            assertThatExceptionOfType(DataAccessException.class)
                    .isThrownBy(() -> visits.insert(visit(UUID.randomUUID()), wraps))
                    .withMessageContaining("wrap refused");
        } finally {
            jdbc.execute("drop trigger refuse_wrap on records.visit_keys");
            jdbc.execute("drop function records.refuse_wrap()");
        }

        // and no wrap either: a wrap cannot outlive its visit (foreign key)
        assertThat(visits.ofPatient(patient, VisitRows.PATIENT)).isEmpty();
    }

    @Test
    void aVisitHandedOverWithoutWrapsIsStillStored() {
        UUID id = UUID.randomUUID();

        visits.insert(visit(id), Map.of());

        assertThat(visits.ofPatient(patient, VisitRows.PATIENT)).singleElement().satisfies(row -> {
            assertThat(row.id()).isEqualTo(id);
            assertThat(row.wrappedKey()).isNull();
        });
    }
}
