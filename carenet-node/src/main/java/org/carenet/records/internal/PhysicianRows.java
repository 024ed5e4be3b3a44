package org.carenet.records.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.carenet.access.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Physicians with an account here, their sealed identities and whether their affiliation is on the ledger. */
@Repository
public class PhysicianRows {

    /**
     * @param affiliation the signed affiliation document this hospital publishes on the ledger
     * @param affiliatedAt when it was published; null while it waits for the ledger
     */
    public record Physician(
            String id,
            UserId userId,
            String name,
            String signingKey,
            byte[] encryptionKey,
            String sealedIdentity,
            Instant since,
            String affiliation,
            Instant affiliatedAt) {}

    private static final String COLUMNS =
            "id, user_id, name, signing_key, encryption_key, sealed_identity, since, affiliation, affiliated_at";

    private final JdbcClient jdbc;

    PhysicianRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Physician physician) {
        jdbc.sql("insert into records.physicians (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        physician.id(),
                        physician.userId().value(),
                        physician.name(),
                        physician.signingKey(),
                        physician.encryptionKey(),
                        physician.sealedIdentity(),
                        Timestamp.from(physician.since()),
                        physician.affiliation(),
                        physician.affiliatedAt() == null ? null : Timestamp.from(physician.affiliatedAt()))
                .update();
    }

    /** Replaces the account's identity with another (a physician bringing theirs from another hospital). */
    public void replace(UserId user, Physician physician) {
        jdbc.sql("delete from records.physicians where user_id = ?")
                .param(user.value())
                .update();
        insert(physician);
    }

    public Optional<Physician> byUser(UserId user) {
        return jdbc.sql("select " + COLUMNS + " from records.physicians where user_id = ?")
                .param(user.value())
                .query(PhysicianRows::row)
                .optional();
    }

    public Optional<Physician> byId(String id) {
        return jdbc.sql("select " + COLUMNS + " from records.physicians where id = ?")
                .param(id)
                .query(PhysicianRows::row)
                .optional();
    }

    public List<Physician> all() {
        return jdbc.sql("select " + COLUMNS + " from records.physicians order by name, id")
                .query(PhysicianRows::row)
                .list();
    }

    public List<Physician> unpublished() {
        return jdbc.sql("select " + COLUMNS + " from records.physicians where affiliated_at is null")
                .query(PhysicianRows::row)
                .list();
    }

    public void published(String id, Instant at) {
        jdbc.sql("update records.physicians set affiliated_at = ? where id = ? and affiliated_at is null")
                .params(Timestamp.from(at), id)
                .update();
    }

    /** Whether this physician wrote any visit or holds any grant here: an identity in use is not replaced. */
    public boolean inUse(String id) {
        return jdbc.sql("select exists (select 1 from records.visits where physician_id = ?) or exists (select 1 from"
                        + " records.grants where physician_id = ?)")
                .params(id, id)
                .query(Boolean.class)
                .single();
    }

    private static Physician row(ResultSet rs, int n) throws SQLException {
        Timestamp affiliated = rs.getTimestamp("affiliated_at");
        return new Physician(
                rs.getString("id"),
                new UserId(rs.getObject("user_id", UUID.class)),
                rs.getString("name"),
                rs.getString("signing_key"),
                rs.getBytes("encryption_key"),
                rs.getString("sealed_identity"),
                rs.getTimestamp("since").toInstant(),
                rs.getString("affiliation"),
                affiliated == null ? null : affiliated.toInstant());
    }
}
