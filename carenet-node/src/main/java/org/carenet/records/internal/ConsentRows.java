package org.carenet.records.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Consent grants as patients signed them, and the links between patients and their physicians of record. */
@Repository
public class ConsentRows {

    public record Grant(
            UUID id,
            String patientId,
            String physicianId,
            String scope,
            Instant issuedAt,
            Instant expiresAt,
            byte[] signature,
            Instant recordedAt,
            Instant revokedAt) {

        public boolean inForceAt(Instant now) {
            return revokedAt == null && !now.isBefore(issuedAt) && now.isBefore(expiresAt);
        }
    }

    public record Link(String patientId, String physicianId, Instant linkedAt, String linkedBy) {}

    /**
     * What decides whether a physician reaches a patient's records here, read at once.
     *
     * @param registered whether the patient is registered here
     * @param linked whether the physician is the patient's physician of record here
     * @param scope the widest scope of the physician's grants in force, null if none
     * @param readers every physician with a grant of the patient in force (asked for when writing: the new visit's
     *     key is wrapped to each), else empty
     */
    public record Reach(boolean registered, boolean linked, String scope, List<String> readers) {}

    private static final String COLUMNS =
            "id, patient_id, physician_id, scope, issued_at, expires_at, signature, recorded_at, revoked_at";

    private final JdbcClient jdbc;

    ConsentRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a grant; false if one with its id is recorded already (a repeated request changes nothing). */
    public boolean insert(Grant grant) {
        return jdbc.sql("insert into records.grants (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict"
                                + " (id) do nothing")
                        .params(
                                grant.id(),
                                grant.patientId(),
                                grant.physicianId(),
                                grant.scope(),
                                Timestamp.from(grant.issuedAt()),
                                Timestamp.from(grant.expiresAt()),
                                grant.signature(),
                                Timestamp.from(grant.recordedAt()),
                                grant.revokedAt() == null ? null : Timestamp.from(grant.revokedAt()))
                        .update()
                == 1;
    }

    public Optional<Grant> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from records.grants where id = ?")
                .param(id)
                .query(ConsentRows::grant)
                .optional();
    }

    public List<Grant> ofPatient(String patientId) {
        return jdbc.sql("select " + COLUMNS + " from records.grants where patient_id = ? order by recorded_at desc")
                .param(patientId)
                .query(ConsentRows::grant)
                .list();
    }

    public List<Grant> between(String patientId, String physicianId) {
        return jdbc.sql("select " + COLUMNS + " from records.grants where patient_id = ? and physician_id = ?")
                .params(patientId, physicianId)
                .query(ConsentRows::grant)
                .list();
    }

    /** Revokes a grant of this patient; false if there is none by that id, or it was revoked before. */
    public boolean revoke(UUID id, String patientId, Instant now) {
        return jdbc.sql("update records.grants set revoked_at = ? where id = ? and patient_id = ? and revoked_at is"
                                + " null")
                        .params(Timestamp.from(now), id, patientId)
                        .update()
                == 1;
    }

    /** (patient, physician) pairs whose grants are none of them in force any more, but whose keys are still held. */
    public List<String[]> lapsedWithKeys(Instant now) {
        return jdbc.sql("select distinct v.patient_id, k.recipient from records.visit_keys k join records.visits v on"
                        + " v.id = k.visit_id where k.recipient <> 'patient' and not exists (select 1 from"
                        + " records.grants g where g.patient_id = v.patient_id and g.physician_id = k.recipient and"
                        + " g.revoked_at is null and g.issued_at <= ? and g.expires_at > ?)")
                .params(Timestamp.from(now), Timestamp.from(now))
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .list();
    }

    /**
     * The three columns of a {@link Reach} (without readers) for the row {@code q (patient, physician, at)}: the
     * reach of physician {@code q.physician} to patient {@code q.patient} at time {@code q.at}. Scalar subqueries
     * rather than {@code exists}, so that PostgreSQL looks each up by its key even for many rows of {@code q} (it
     * may answer an {@code exists} by hashing the whole table).
     */
    static final String REACH_COLUMNS =
            "coalesce((select p.state = 'REGISTERED' from records.patients p where p.id = q.patient), false),"
                    + " coalesce((select true from records.links l where l.patient_id = q.patient and"
                    + " l.physician_id = q.physician), false),"
                    + " (select max(g.scope) from records.grants g where g.patient_id = q.patient and"
                    + " g.physician_id = q.physician and g.revoked_at is null and g.issued_at <= q.at and"
                    + " g.expires_at > q.at)";

    /** The readers of a {@link Reach} for the row {@code q}: every physician with a grant in force at q.at, ordered. */
    static final String READERS_COLUMN = "array(select distinct r.physician_id from records.grants r where"
            + " r.patient_id = q.patient and r.revoked_at is null and r.issued_at <= q.at and r.expires_at > q.at"
            + " order by 1)";

    /**
     * A reach from {@link #REACH_COLUMNS} starting at column {@code first}, and the {@link #READERS_COLUMN} after them
     * (null when the readers were not asked for).
     */
    static Reach reach(ResultSet rs, int first) throws SQLException {
        Array readers = rs.getArray(first + 3);
        return new Reach(
                rs.getBoolean(first),
                rs.getBoolean(first + 1),
                rs.getString(first + 2),
                readers == null ? List.of() : List.of((String[]) readers.getArray()));
    }

    public boolean link(String patientId, String physicianId, Instant now, String by) {
        return jdbc.sql("insert into records.links (patient_id, physician_id, linked_at, linked_by) values (?, ?, ?, ?)"
                                + " on conflict do nothing")
                        .params(patientId, physicianId, Timestamp.from(now), by)
                        .update()
                == 1;
    }

    public boolean unlink(String patientId, String physicianId) {
        return jdbc.sql("delete from records.links where patient_id = ? and physician_id = ?")
                        .params(patientId, physicianId)
                        .update()
                == 1;
    }

    public boolean linked(String patientId, String physicianId) {
        return jdbc.sql("select exists (select 1 from records.links where patient_id = ? and physician_id = ?)")
                .params(patientId, physicianId)
                .query(Boolean.class)
                .single();
    }

    public List<Link> linksOfPatient(String patientId) {
        return jdbc.sql("select patient_id, physician_id, linked_at, linked_by from records.links where patient_id = ?"
                        + " order by linked_at")
                .param(patientId)
                .query(ConsentRows::link)
                .list();
    }

    public List<Link> linksOfPhysician(String physicianId) {
        return jdbc.sql("select patient_id, physician_id, linked_at, linked_by from records.links where physician_id"
                        + " = ? order by linked_at")
                .param(physicianId)
                .query(ConsentRows::link)
                .list();
    }

    private static Link link(ResultSet rs, int n) throws SQLException {
        return new Link(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4));
    }

    private static Grant grant(ResultSet rs, int n) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new Grant(
                rs.getObject("id", UUID.class),
                rs.getString("patient_id"),
                rs.getString("physician_id"),
                rs.getString("scope"),
                rs.getTimestamp("issued_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(),
                rs.getBytes("signature"),
                rs.getTimestamp("recorded_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
