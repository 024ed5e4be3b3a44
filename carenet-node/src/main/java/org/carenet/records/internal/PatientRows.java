package org.carenet.records.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Patients whose records this hospital keeps, and the certificates of patients who logged in here. */
@Repository
public class PatientRows {

    public enum State {
        REGISTERED,
        UNREGISTERED,
        TRANSFERRING
    }

    public record Patient(String id, State state, Instant registeredAt, Instant updatedAt) {}

    public record Certificate(String patientId, String document, Instant issuedAt) {}

    private static final int MAX_REMEMBERED = 100_000;

    private final JdbcClient jdbc;
    /** Certificates, read on every visit written: they change only when a newer card logs in, here. */
    private final Map<String, Certificate> certificates = new ConcurrentHashMap<>();

    PatientRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Keeps the newest certificate shown for a patient: a card issued later for the same patient replaces the
     * older one (a lost card), an older one never replaces a newer.
     */
    public void rememberCertificate(String patientId, String document, Instant issuedAt, Instant now) {
        forgetCertificate(patientId);
        jdbc.sql("insert into records.certificates (patient_id, certificate, issued_at, seen_at) values (?, ?, ?, ?)"
                        + " on conflict (patient_id) do update set certificate = excluded.certificate, issued_at ="
                        + " excluded.issued_at, seen_at = excluded.seen_at where records.certificates.issued_at <="
                        + " excluded.issued_at")
                .params(patientId, document, Timestamp.from(issuedAt), Timestamp.from(now))
                .update();
        forgetCertificate(patientId);
    }

    /** Forgets a remembered certificate, now and again once the change is committed. */
    private void forgetCertificate(String patientId) {
        certificates.remove(patientId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    certificates.remove(patientId);
                }
            });
        }
    }

    public Optional<Certificate> certificate(String patientId) {
        Certificate known = certificates.get(patientId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Certificate> found = jdbc.sql(
                        "select patient_id, certificate, issued_at from records.certificates where patient_id = ?")
                .param(patientId)
                .query((rs, n) -> new Certificate(
                        rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .optional();
        found.ifPresent(certificate -> {
            if (certificates.size() >= MAX_REMEMBERED) {
                certificates.clear();
            }
            certificates.put(patientId, certificate);
        });
        return found;
    }

    public Optional<Patient> find(String id) {
        return jdbc.sql("select id, state, registered_at, updated_at from records.patients where id = ?")
                .param(id)
                .query(PatientRows::patient)
                .optional();
    }

    /** Locks the patient's row for the rest of the transaction. */
    public Optional<Patient> findForUpdate(String id) {
        return jdbc.sql("select id, state, registered_at, updated_at from records.patients where id = ? for update")
                .param(id)
                .query(PatientRows::patient)
                .optional();
    }

    /**
     * Records the patient as registered here; false if they already were. A patient who had unregistered (and
     * whose records stayed here) is registered again.
     */
    public boolean register(String id, Instant now) {
        return jdbc.sql("insert into records.patients (id, state, registered_at, updated_at) values (?, 'REGISTERED',"
                                + " ?, ?) on conflict (id) do update set state = 'REGISTERED', registered_at ="
                                + " excluded.registered_at, updated_at = excluded.updated_at where"
                                + " records.patients.state = 'UNREGISTERED'")
                        .params(id, Timestamp.from(now), Timestamp.from(now))
                        .update()
                == 1;
    }

    public void setState(String id, State state, Instant now) {
        jdbc.sql("update records.patients set state = ?, updated_at = ? where id = ?")
                .params(state.name(), Timestamp.from(now), id)
                .update();
    }

    /** Deletes the patient and, by cascade, their visits, keys, links and grants: once another hospital has them. */
    public void delete(String id) {
        jdbc.sql("delete from records.patients where id = ?").param(id).update();
    }

    public List<Patient> page(State state, int page, int size) {
        return jdbc.sql("select id, state, registered_at, updated_at from records.patients where state = ? order by"
                        + " registered_at desc, id limit ? offset ?")
                .params(state.name(), size, (long) page * size)
                .query(PatientRows::patient)
                .list();
    }

    public long count(State state) {
        return jdbc.sql("select count(*) from records.patients where state = ?")
                .param(state.name())
                .query(Long.class)
                .single();
    }

    private static Patient patient(ResultSet rs, int n) throws SQLException {
        return new Patient(
                rs.getString(1),
                State.valueOf(rs.getString(2)),
                rs.getTimestamp(3).toInstant(),
                rs.getTimestamp(4).toInstant());
    }
}
