package org.carenet.records.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.carenet.access.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Physicians with an account here, their sealed identities and whether their affiliation is on the ledger. Every
 * request of a physician, and every visit shown, needs the physician's row: rows are remembered once read, and
 * forgotten when this node changes them (only this node does).
 */
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

    private static final int MAX_REMEMBERED = 50_000;

    private final JdbcClient jdbc;
    private final Map<String, Physician> byId = new ConcurrentHashMap<>();
    private final Map<UserId, Physician> byUser = new ConcurrentHashMap<>();

    PhysicianRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Physician physician) {
        forgetAll();
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
        forgetAll();
    }

    /** Replaces the account's identity with another (a physician bringing theirs from another hospital). */
    public void replace(UserId user, Physician physician) {
        forgetAll();
        jdbc.sql("delete from records.physicians where user_id = ?")
                .param(user.value())
                .update();
        insert(physician);
    }

    public Optional<Physician> byUser(UserId user) {
        Physician known = byUser.get(user);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Physician> found = jdbc.sql("select " + COLUMNS + " from records.physicians where user_id = ?")
                .param(user.value())
                .query(PhysicianRows::row)
                .optional();
        found.ifPresent(this::remember);
        return found;
    }

    public Optional<Physician> byId(String id) {
        Physician known = byId.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Physician> found = jdbc.sql("select " + COLUMNS + " from records.physicians where id = ?")
                .param(id)
                .query(PhysicianRows::row)
                .optional();
        found.ifPresent(this::remember);
        return found;
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
        forgetAll();
        jdbc.sql("update records.physicians set affiliated_at = ? where id = ? and affiliated_at is null")
                .params(Timestamp.from(at), id)
                .update();
        forgetAll();
    }

    /** Whether this physician wrote any visit or holds any grant here: an identity in use is not replaced. */
    public boolean inUse(String id) {
        return jdbc.sql("select exists (select 1 from records.visits where physician_id = ?) or exists (select 1 from"
                        + " records.grants where physician_id = ?)")
                .params(id, id)
                .query(Boolean.class)
                .single();
    }

    private void remember(Physician physician) {
        if (byId.size() >= MAX_REMEMBERED) {
            forgetAll();
        }
        byId.put(physician.id(), physician);
        byUser.put(physician.userId(), physician);
    }

    /**
     * Forgets every remembered row, now and again once the change is committed (or, outside a transaction, done), so
     * that a read racing with the change cannot keep the old row.
     */
    private void forgetAll() {
        byId.clear();
        byUser.clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    byId.clear();
                    byUser.clear();
                }
            });
        }
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
