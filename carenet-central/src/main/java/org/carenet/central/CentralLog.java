package org.carenet.central;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carenet.ledger.Chain;
import org.carenet.ledger.Entry;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.LedgerState;
import org.carenet.ledger.Membership;
import org.carenet.ledger.Outcome;
import org.carenet.ledger.Partitions;
import org.carenet.ledger.Rules;
import org.carenet.ledger.sql.CentralProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ordered log in the central database. Appending is one short transaction per partition a request touches: lock the partition's head
 * row, lock the key's record, decide with the same {@link Rules} every replica applies, insert the log row at the
 * next position with its chain hash, write the record and move the head. The head lock orders a partition's entries
 * one after another; partitions commit in parallel. An entry ordered before (its writer, key and nonce) is refused,
 * so a replayed request orders nothing; a unique index guards the same.
 *
 * <p>The SQL is the same for PostgreSQL and MariaDB/MySQL; only the migrations differ.
 */
@Component
class CentralLog {

    private static final Logger log = LoggerFactory.getLogger(CentralLog.class);
    private static final int ATTEMPTS = 3;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Membership membership;
    private final int partitions;
    private final CommitSignal commits;

    CentralLog(JdbcTemplate jdbc, TransactionTemplate transactions, Membership membership, CentralSettings settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.membership = membership;
        this.partitions = settings.partitions();
        prepareHeads();
        this.commits = new CommitSignal(lastPositions());
    }

    /** Every partition needs a head row to lock; their number is the ledger's partition count, fixed for good. */
    private void prepareHeads() {
        Integer stored = jdbc.queryForObject("select count(*) from ledger_heads", Integer.class);
        if (stored != null && stored > 0) {
            if (stored != partitions) {
                throw new IllegalStateException("the central database orders " + stored
                        + " partitions but carenet.central.partitions is " + partitions
                        + ": the partition count of a ledger cannot change");
            }
            return;
        }
        List<Object[]> heads = new ArrayList<>(partitions);
        for (int partition = 0; partition < partitions; partition++) {
            heads.add(new Object[] {partition, -1L, Chain.GENESIS});
        }
        jdbc.batchUpdate("insert into ledger_heads (partition_no, position, hash) values (?, ?, ?)", heads);
        log.info("prepared {} empty partitions", partitions);
    }

    int partitions() {
        return partitions;
    }

    /**
     * Orders authentic entries of member hospitals, each partition's in one transaction, the partitions in parallel.
     *
     * @return one result per entry, in order: 200 with where it was ordered, or 409 if an entry with its writer, key
     *     and nonce was ordered before (a replay orders nothing)
     */
    List<CentralProtocol.BatchResult> appendAll(List<Entry> entries) {
        Map<Integer, List<Integer>> byPartition = new TreeMap<>();
        for (int i = 0; i < entries.size(); i++) {
            byPartition
                    .computeIfAbsent(Partitions.of(entries.get(i).key(), partitions), p -> new ArrayList<>())
                    .add(i);
        }
        CentralProtocol.BatchResult[] results = new CentralProtocol.BatchResult[entries.size()];
        if (byPartition.size() == 1) {
            byPartition.forEach((partition, indices) -> orderGroup(partition, indices, entries, results));
            return List.of(results);
        }
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> groups = new ArrayList<>();
            byPartition.forEach((partition, indices) ->
                    groups.add(parallel.submit(() -> orderGroup(partition, indices, entries, results))));
            for (Future<?> group : groups) {
                group.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure
                    ? failure
                    : new IllegalStateException("ordering failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ordering", e);
        }
        return List.of(results);
    }

    private void orderGroup(
            int partition, List<Integer> indices, List<Entry> entries, CentralProtocol.BatchResult[] results) {
        List<Entry> group = indices.stream().map(entries::get).toList();
        for (int attempt = 1; ; attempt++) {
            try {
                List<CentralProtocol.BatchResult> ordered = transactions.execute(status -> order(partition, group));
                long last = -1;
                for (int i = 0; i < ordered.size(); i++) {
                    results[indices.get(i)] = ordered.get(i);
                    if (ordered.get(i).appended() != null) {
                        last = Math.max(last, ordered.get(i).appended().position());
                    }
                }
                if (last >= 0) {
                    commits.committed(partition, last);
                }
                return;
            } catch (PessimisticLockingFailureException e) {
                // a deadlock or lock timeout rolled everything back: nothing was ordered, so trying again is safe
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.debug("ordering in partition {} collided, attempt {}: {}", partition, attempt, e.getMessage());
            }
        }
    }

    /**
     * One transaction: the partition's head locked throughout, so its entries take consecutive positions. A handful
     * of statements whatever the number of entries: their keys' records and earlier nonces are read at once, the
     * entries decided in memory, and the log rows and changed records written in batches.
     */
    private List<CentralProtocol.BatchResult> order(int partition, List<Entry> entries) {
        Head head = jdbc.queryForObject(
                "select position, hash from ledger_heads where partition_no = ? for update",
                (row, i) -> new Head(row.getLong(1), row.getBytes(2)),
                partition);
        Set<String> replayed = orderedBefore(entries);
        Map<String, Optional<LedgerState.Record>> stored = lockRecords(entries);
        Map<String, Optional<LedgerState.Record>> current = new HashMap<>(stored);
        long position = head.position();
        byte[] hash = head.hash();
        List<Object[]> rows = new ArrayList<>(entries.size());
        List<CentralProtocol.BatchResult> results = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            if (!replayed.add(LedgerState.nonceOf(entry))) {
                results.add(new CentralProtocol.BatchResult(
                        409,
                        null,
                        "an entry of " + entry.writer() + " for key '" + entry.key() + "' with nonce " + entry.nonce()
                                + " was ordered before: a replay orders nothing"));
                continue;
            }
            Rules.Decision decision = Rules.decide(entry, current.get(entry.key()), membership);
            Outcome outcome = decision.outcome();
            String owner = outcome.owner() == null ? null : outcome.owner().value();
            position++;
            hash = Chain.hash(hash, position, entry);
            rows.add(new Object[] {
                partition,
                position,
                entry.writer().value(),
                entry.key(),
                entry.nonce(),
                entry.encode(),
                outcome.kind().name(),
                owner,
                hash
            });
            if (outcome.applied()) {
                current.put(entry.key(), decision.next());
            }
            results.add(new CentralProtocol.BatchResult(
                    200,
                    new CentralProtocol.Appended(
                            partition, position, outcome.kind().name(), owner),
                    null));
        }
        if (rows.isEmpty()) {
            return results;
        }
        jdbc.batchUpdate(
                "insert into ledger_log (partition_no, position, writer, entry_key, nonce, entry, outcome,"
                        + " outcome_owner, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
        writeRecords(stored, current);
        jdbc.update("update ledger_heads set position = ?, hash = ? where partition_no = ?", position, hash, partition);
        return results;
    }

    /**
     * The nonces ({@link LedgerState#nonceOf}) of those entries that were ordered before. Safe without a lock of its
     * own: every entry with these keys is ordered under the partition's head lock.
     */
    private Set<String> orderedBefore(List<Entry> entries) {
        StringJoiner tuples = new StringJoiner(", ", "(", ")");
        List<Object> arguments = new ArrayList<>(entries.size() * 3);
        for (Entry entry : entries) {
            tuples.add("(?, ?, ?)");
            arguments.add(entry.writer().value());
            arguments.add(entry.key());
            arguments.add(entry.nonce());
        }
        Set<String> seen = new HashSet<>();
        jdbc.query(
                "select writer, entry_key, nonce from ledger_log where (writer, entry_key, nonce) in " + tuples,
                row -> {
                    seen.add(LedgerState.nonceOf(new HospitalId(row.getString(1)), row.getString(2), row.getString(3)));
                },
                arguments.toArray());
        return seen;
    }

    /** The stored record of each key the entries write (empty: none), locked until the transaction ends. */
    private Map<String, Optional<LedgerState.Record>> lockRecords(List<Entry> entries) {
        List<String> keys = entries.stream().map(Entry::key).distinct().sorted().toList();
        Map<String, Optional<LedgerState.Record>> records = new HashMap<>();
        keys.forEach(key -> records.put(key, Optional.empty()));
        jdbc.query(
                "select entry_key, value, owner from ledger_records where entry_key in ("
                        + String.join(", ", Collections.nCopies(keys.size(), "?")) + ") for update",
                row -> {
                    records.put(
                            row.getString(1),
                            Optional.of(new LedgerState.Record(row.getString(2), new HospitalId(row.getString(3)))));
                },
                keys.toArray());
        return records;
    }

    /** Brings the stored records from what they were to what the entries made of them, a batch per kind of change. */
    private void writeRecords(
            Map<String, Optional<LedgerState.Record>> stored, Map<String, Optional<LedgerState.Record>> current) {
        List<Object[]> deleted = new ArrayList<>();
        List<Object[]> inserted = new ArrayList<>();
        List<Object[]> updated = new ArrayList<>();
        current.forEach((key, next) -> {
            Optional<LedgerState.Record> before = stored.get(key);
            if (next.equals(before)) {
                return;
            }
            if (next.isEmpty()) {
                deleted.add(new Object[] {key});
            } else if (before.isEmpty()) {
                inserted.add(new Object[] {
                    key, next.get().value(), next.get().owner().value()
                });
            } else {
                updated.add(new Object[] {next.get().value(), next.get().owner().value(), key});
            }
        });
        if (!deleted.isEmpty()) {
            jdbc.batchUpdate("delete from ledger_records where entry_key = ?", deleted);
        }
        if (!inserted.isEmpty()) {
            jdbc.batchUpdate("insert into ledger_records (entry_key, value, owner) values (?, ?, ?)", inserted);
        }
        if (!updated.isEmpty()) {
            jdbc.batchUpdate("update ledger_records set value = ?, owner = ? where entry_key = ?", updated);
        }
    }

    /**
     * The entries after the given positions, by partition, at most {@code limit} in all (shared fairly among the
     * partitions that have any); if there are none yet, waits up to {@code wait} for a commit after one of them.
     * Only the partitions whose commits moved past the position asked for are read.
     */
    List<CentralProtocol.EntryPage> after(Map<Integer, Long> positions, int limit, Duration wait)
            throws InterruptedException {
        List<Integer> moved = commits.awaitAfter(positions, wait);
        List<CentralProtocol.EntryPage> pages = new ArrayList<>(moved.size());
        int each = moved.isEmpty() ? 0 : Math.max(1, limit / moved.size());
        for (int partition : moved) {
            pages.add(new CentralProtocol.EntryPage(partition, read(partition, positions.get(partition), each)));
        }
        return pages;
    }

    private List<CentralProtocol.OrderedEntry> read(int partition, long position, int limit) {
        return jdbc.query(
                "select position, entry, outcome, outcome_owner, hash from ledger_log"
                        + " where partition_no = ? and position > ? order by position limit ?",
                (row, i) -> new CentralProtocol.OrderedEntry(
                        row.getLong(1), row.getBytes(2), row.getString(3), row.getString(4), row.getBytes(5)),
                partition,
                position,
                limit);
    }

    /** The last ordered position of every partition (-1: none), from the head rows. */
    List<Long> lastPositions() {
        Long[] last = new Long[partitions];
        jdbc.query("select partition_no, position from ledger_heads", row -> {
            int partition = row.getInt(1);
            if (partition < partitions) {
                last[partition] = row.getLong(2);
            }
        });
        return List.of(last);
    }

    private record Head(long position, byte[] hash) {}
}
