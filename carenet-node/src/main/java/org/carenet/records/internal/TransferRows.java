package org.carenet.records.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The transfer sagas this hospital takes part in, as the hospital the records leave (OUT) or reach (IN). */
@Repository
public class TransferRows {

    public enum Direction {
        OUT,
        IN
    }

    public record Transfer(
            UUID id,
            Direction direction,
            String patientId,
            String peer,
            String state,
            String failure,
            Instant createdAt,
            Instant updatedAt,
            String digest) {}

    private static final String COLUMNS =
            "id, direction, patient_id, peer, state, failure, created_at, updated_at, digest";

    private final JdbcClient jdbc;

    TransferRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new saga; false if this one (same id and direction) is recorded already. */
    public boolean insert(UUID id, Direction direction, String patientId, String peer, String state, Instant now) {
        return jdbc.sql("insert into records.transfers (" + COLUMNS + ") values (?, ?, ?, ?, ?, null, ?, ?, null) on"
                                + " conflict (id, direction) do nothing")
                        .params(id, direction.name(), patientId, peer, state, Timestamp.from(now), Timestamp.from(now))
                        .update()
                == 1;
    }

    /** The records of an offered transfer arrived: its state, and the digest of what arrived. */
    public void received(UUID id, String digest, Instant now) {
        jdbc.sql("update records.transfers set state = 'RECEIVED', digest = ?, updated_at = ? where id = ? and"
                        + " direction = 'IN'")
                .params(digest, Timestamp.from(now), id)
                .update();
    }

    /** Moves a saga from {@code from} to {@code to}; false if it no longer stands at {@code from}. */
    public boolean advance(UUID id, Direction direction, String from, String to, String failure, Instant now) {
        return jdbc.sql("update records.transfers set state = ?, failure = ?, updated_at = ? where id = ? and"
                                + " direction = ? and state = ?")
                        .params(to, failure, Timestamp.from(now), id, direction.name(), from)
                        .update()
                == 1;
    }

    public Optional<Transfer> find(UUID id, Direction direction) {
        return jdbc.sql("select " + COLUMNS + " from records.transfers where id = ? and direction = ?")
                .params(id, direction.name())
                .query(TransferRows::row)
                .optional();
    }

    /** The saga under way for a patient in one direction, if any. */
    public Optional<Transfer> open(String patientId, Direction direction) {
        return jdbc.sql("select " + COLUMNS + " from records.transfers where patient_id = ? and direction = ? and state"
                        + " not in ('DONE', 'FAILED', 'RECEIVED')")
                .params(patientId, direction.name())
                .query(TransferRows::row)
                .optional();
    }

    public List<Transfer> unfinished(Direction direction) {
        return jdbc.sql("select " + COLUMNS + " from records.transfers where direction = ? and state not in ('DONE',"
                        + " 'FAILED', 'RECEIVED') order by created_at")
                .param(direction.name())
                .query(TransferRows::row)
                .list();
    }

    public List<Transfer> ofPatient(String patientId) {
        return jdbc.sql("select " + COLUMNS + " from records.transfers where patient_id = ? order by created_at desc")
                .param(patientId)
                .query(TransferRows::row)
                .list();
    }

    private static Transfer row(ResultSet rs, int n) throws SQLException {
        return new Transfer(
                rs.getObject(1, UUID.class),
                Direction.valueOf(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getTimestamp(7).toInstant(),
                rs.getTimestamp(8).toInstant(),
                rs.getString(9));
    }
}
