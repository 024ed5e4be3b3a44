package org.carenet.records.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Visits as ciphertext, and their data keys wrapped to each reader. */
@Repository
public class VisitRows {

    /** The recipient name of the patient's own wrap. */
    public static final String PATIENT = "patient";

    /** A visit and one recipient's wrap of its key, from {@code records.visits v} and {@code records.visit_keys k}. */
    static final String VISIT_COLUMNS =
            "v.id, v.patient_id, v.physician_id, v.hospital, v.visited_at, v.written_at, v.content, k.wrapped";

    /**
     * A visit as stored, with the wrap of its data key for the reader it was read for (null if that reader has
     * none).
     */
    public record Visit(
            UUID id,
            String patientId,
            String physicianId,
            String hospital,
            Instant visitedAt,
            Instant writtenAt,
            byte[] content,
            byte[] wrappedKey) {}

    private static final String INSERT = "with v as (insert into records.visits (id, patient_id, physician_id,"
            + " hospital, visited_at, written_at, content) values (?, ?, ?, ?, ?, ?, ?) returning id)"
            + " insert into records.visit_keys (visit_id, recipient, wrapped) select v.id, k.recipient, k.wrapped"
            + " from v, unnest(?::text[], ?::bytea[]) as k (recipient, wrapped)";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    VisitRows(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /** Whether the visit is stored as given: its id, for its patient, with the same encrypted content. */
    public boolean holds(Visit visit) {
        return jdbc.sql("select content from records.visits where id = ? and patient_id = ?")
                .params(visit.id(), visit.patientId())
                .query((rs, n) -> rs.getBytes(1))
                .optional()
                .filter(content -> Arrays.equals(content, visit.content()))
                .isPresent();
    }

    /**
     * Stores a visit with its wraps in one statement: both or neither, in one round trip to the database and
     * without a transaction around it.
     */
    public void insert(Visit visit, Map<String, byte[]> wraps) {
        String[] recipients = wraps.keySet().toArray(String[]::new);
        byte[][] wrapped = wraps.values().toArray(byte[][]::new);
        jdbcTemplate.update(INSERT, statement -> {
            Connection connection = statement.getConnection();
            statement.setObject(1, visit.id());
            statement.setString(2, visit.patientId());
            statement.setString(3, visit.physicianId());
            statement.setString(4, visit.hospital());
            statement.setTimestamp(5, Timestamp.from(visit.visitedAt()));
            statement.setTimestamp(6, Timestamp.from(visit.writtenAt()));
            statement.setBytes(7, visit.content());
            statement.setArray(8, connection.createArrayOf("text", recipients));
            statement.setArray(9, connection.createArrayOf("bytea", wrapped));
        });
    }

    /** Adds a reader's wrap of a visit's key; one the reader has already stays as it is. */
    public void wrap(UUID visit, String recipient, byte[] wrapped) {
        jdbc.sql(
                        "insert into records.visit_keys (visit_id, recipient, wrapped) values (?, ?, ?) on conflict do nothing")
                .params(visit, recipient, wrapped)
                .update();
    }

    /** The patient's visits, newest first, each with the wrap for {@code reader}. */
    public List<Visit> ofPatient(String patientId, String reader) {
        return jdbc.sql("select " + VISIT_COLUMNS + " from records.visits v left join records.visit_keys k on"
                        + " k.visit_id = v.id and k.recipient = ? where v.patient_id = ? order by v.visited_at desc,"
                        + " v.id")
                .params(reader, patientId)
                .query((rs, n) -> visit(rs, 1))
                .list();
    }

    public List<UUID> idsOfPatient(String patientId) {
        return jdbc.sql("select id from records.visits where patient_id = ?")
                .param(patientId)
                .query(UUID.class)
                .list();
    }

    /** Drops the wraps a physician holds for a patient's visits: they can no longer open them here. */
    public int unwrapFor(String patientId, String physicianId) {
        return jdbc.sql("delete from records.visit_keys k using records.visits v where v.id = k.visit_id and"
                        + " v.patient_id = ? and k.recipient = ?")
                .params(patientId, physicianId)
                .update();
    }

    /** Every wrap of a patient's visits, by visit, for handing the records over to another hospital. */
    public Map<UUID, Map<String, byte[]>> wrapsOfPatient(String patientId) {
        Map<UUID, Map<String, byte[]>> wraps = new LinkedHashMap<>();
        jdbc.sql("select k.visit_id, k.recipient, k.wrapped from records.visit_keys k join records.visits v on v.id ="
                        + " k.visit_id where v.patient_id = ? order by k.visit_id, k.recipient")
                .param(patientId)
                .query(rs -> {
                    wraps.computeIfAbsent(rs.getObject(1, UUID.class), id -> new LinkedHashMap<>())
                            .put(rs.getString(2), rs.getBytes(3));
                });
        return wraps;
    }

    /** A visit ({@link #VISIT_COLUMNS}) from the row's columns starting at {@code first}. */
    static Visit visit(ResultSet rs, int first) throws SQLException {
        return new Visit(
                rs.getObject(first, UUID.class),
                rs.getString(first + 1),
                rs.getString(first + 2),
                rs.getString(first + 3),
                rs.getTimestamp(first + 4).toInstant(),
                rs.getTimestamp(first + 5).toInstant(),
                rs.getBytes(first + 6),
                rs.getBytes(first + 7));
    }
}
