package org.carenet.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A replica kept in PostgreSQL, in a schema of its own (by default {@code ledger}) that this class migrates itself,
 * so the ledger carries its storage wherever it is used. One transaction per applied batch: the entries, the
 * records they changed and the heads move together or not at all.
 */
public final class JdbcReplicaStore implements ReplicaStore {

    public static final String DEFAULT_SCHEMA = "ledger";
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final String entries;
    private final String records;
    private final String heads;
    private final String origin;

    public JdbcReplicaStore(DataSource dataSource, String schema) {
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a schema name: " + schema);
        }
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .locations("classpath:db/ledger")
                .load()
                .migrate();
        this.dataSource = dataSource;
        this.entries = schema + ".entries";
        this.records = schema + ".records";
        this.heads = schema + ".heads";
        this.origin = schema + ".origin";
    }

    @Override
    public void claim(String backend, int partitions) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("insert into " + origin
                        + " (backend, partitions) values (?, ?) on conflict (only_row) do nothing")) {
            insert.setString(1, backend);
            insert.setInt(2, partitions);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record which log the ledger replica follows", e);
        }
        query("select backend, partitions from " + origin, statement -> {}, row -> {
            if (!row.getString(1).equals(backend) || row.getInt(2) != partitions) {
                throw new IllegalStateException("this ledger replica follows the " + row.getString(1) + " log with "
                        + row.getInt(2) + " partition(s), not the " + backend + " log with " + partitions
                        + ": a network keeps its backend and partition count; start this hospital on those, or"
                        + " on a new database");
            }
        });
    }

    @Override
    public Stored load(int partitions) {
        Map<String, LedgerState.Record> stored = records();
        Set<String> nonces = new HashSet<>();
        query(
                "select writer, key, nonce from " + entries,
                statement -> {},
                row -> nonces.add(
                        LedgerState.nonceOf(new HospitalId(row.getString(1)), row.getString(2), row.getString(3))));
        List<Head> heads = heads(partitions);
        return new Stored(stored, nonces, heads);
    }

    @Override
    public void commit(
            List<Applied> applied, Map<String, Optional<LedgerState.Record>> changed, Collection<Head> moved) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                insertEntries(connection, applied);
                writeRecords(connection, changed);
                moveHeads(connection, moved);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not keep " + applied.size() + " ledger entries", e);
        }
    }

    private void insertEntries(Connection connection, List<Applied> applied) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into " + entries
                + " (partition, position, writer, command, key, value, new_owner, nonce, written_at, signature,"
                + " outcome, outcome_owner, hash, applied_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Applied entry : applied) {
                Entry e = entry.entry();
                insert.setInt(1, entry.partition());
                insert.setLong(2, entry.position());
                insert.setString(3, e.writer().value());
                insert.setString(4, e.command().name());
                insert.setString(5, e.key());
                insert.setString(6, e.value());
                insert.setString(7, e.newOwner() == null ? null : e.newOwner().value());
                insert.setString(8, e.nonce());
                insert.setLong(9, e.writtenAt().toEpochMilli());
                insert.setBytes(10, e.signature());
                insert.setString(11, entry.outcome().kind().name());
                insert.setString(
                        12,
                        entry.outcome().owner() == null
                                ? null
                                : entry.outcome().owner().value());
                insert.setBytes(13, entry.hash());
                insert.setTimestamp(14, Timestamp.from(entry.appliedAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void writeRecords(Connection connection, Map<String, Optional<LedgerState.Record>> changed)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("insert into " + records
                        + " (key, value, owner) values (?, ?, ?)"
                        + " on conflict (key) do update set value = excluded.value, owner = excluded.owner");
                PreparedStatement delete = connection.prepareStatement("delete from " + records + " where key = ?")) {
            boolean upserts = false;
            boolean deletes = false;
            for (var change : changed.entrySet()) {
                if (change.getValue().isPresent()) {
                    upsert.setString(1, change.getKey());
                    upsert.setString(2, change.getValue().get().value());
                    upsert.setString(3, change.getValue().get().owner().value());
                    upsert.addBatch();
                    upserts = true;
                } else {
                    delete.setString(1, change.getKey());
                    delete.addBatch();
                    deletes = true;
                }
            }
            if (upserts) {
                upsert.executeBatch();
            }
            if (deletes) {
                delete.executeBatch();
            }
        }
    }

    private void moveHeads(Connection connection, Collection<Head> moved) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("insert into " + heads
                + " (partition, position, hash) values (?, ?, ?)"
                + " on conflict (partition) do update set position = excluded.position, hash = excluded.hash")) {
            for (Head head : moved) {
                upsert.setInt(1, head.partition());
                upsert.setLong(2, head.position());
                upsert.setBytes(3, head.hash());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    @Override
    public List<Applied> history(String key) {
        List<Applied> history = new ArrayList<>();
        query(
                "select " + COLUMNS + " from " + entries + " where key = ? order by partition, position",
                statement -> statement.setString(1, key),
                row -> history.add(applied(row)));
        return history;
    }

    @Override
    public void scan(int partition, Consumer<Applied> each) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            // PostgreSQL streams with a cursor only inside a transaction
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(
                    "select " + COLUMNS + " from " + entries + " where partition = ? order by position")) {
                statement.setFetchSize(1000);
                statement.setInt(1, partition);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        each.accept(applied(row));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read partition " + partition + " of the ledger", e);
        }
    }

    @Override
    public Optional<byte[]> hashAt(int partition, long position) {
        List<byte[]> hash = new ArrayList<>(1);
        query(
                "select hash from " + entries + " where partition = ? and position = ?",
                statement -> {
                    statement.setInt(1, partition);
                    statement.setLong(2, position);
                },
                row -> hash.add(row.getBytes(1)));
        return hash.stream().findFirst();
    }

    @Override
    public Map<String, LedgerState.Record> records() {
        Map<String, LedgerState.Record> stored = new HashMap<>();
        query(
                "select key, value, owner from " + records,
                statement -> {},
                row -> stored.put(
                        row.getString(1), new LedgerState.Record(row.getString(2), new HospitalId(row.getString(3)))));
        return stored;
    }

    @Override
    public List<Head> heads(int partitions) {
        List<Head> stored = new ArrayList<>(partitions);
        for (int partition = 0; partition < partitions; partition++) {
            stored.add(Head.empty(partition));
        }
        query("select partition, position, hash from " + heads, statement -> {}, row -> {
            int partition = row.getInt(1);
            if (partition >= partitions) {
                throw new IllegalStateException("the replica holds partition " + partition + " but the log has "
                        + partitions + ": the partition count of a ledger cannot change");
            }
            stored.set(partition, new Head(partition, row.getLong(2), row.getBytes(3)));
        });
        return stored;
    }

    private static final String COLUMNS = "partition, position, writer, command, key, value, new_owner, nonce,"
            + " written_at, signature, outcome, outcome_owner, hash, applied_at";

    private static Applied applied(ResultSet row) throws SQLException {
        String newOwner = row.getString(7);
        Entry entry = new Entry(
                new HospitalId(row.getString(3)),
                Entry.Command.valueOf(row.getString(4)),
                row.getString(5),
                row.getString(6),
                newOwner == null ? null : new HospitalId(newOwner),
                row.getString(8),
                Instant.ofEpochMilli(row.getLong(9)),
                row.getBytes(10));
        String owner = row.getString(12);
        Outcome outcome = new Outcome(
                Outcome.Kind.valueOf(row.getString(11)), owner == null ? null : new HospitalId(owner), null);
        return new Applied(
                row.getInt(1),
                row.getLong(2),
                entry,
                outcome,
                row.getBytes(13),
                row.getTimestamp(14).toInstant());
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, Binder binder, RowReader reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    reader.read(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the ledger replica", e);
        }
    }
}
