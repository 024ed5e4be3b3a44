package org.carenet.central;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** One transaction: the partition's head locked throughout, so its entries take consecutive positions. */
    private List<CentralProtocol.BatchResult> order(int partition, List<Entry> entries) {
        Head head = jdbc.queryForObject(
                "select position, hash from ledger_heads where partition_no = ? for update",
                (row, i) -> new Head(row.getLong(1), row.getBytes(2)),
                partition);
        long position = head.position();
        byte[] hash = head.hash();
        Set<String> seen = new HashSet<>();
        List<CentralProtocol.BatchResult> results = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            if (!seen.add(LedgerState.nonceOf(entry)) || orderedBefore(entry)) {
                results.add(new CentralProtocol.BatchResult(
                        409,
                        null,
                        "an entry of " + entry.writer() + " for key '" + entry.key() + "' with nonce " + entry.nonce()
                                + " was ordered before: a replay orders nothing"));
                continue;
            }
            List<LedgerState.Record> records = jdbc.query(
                    "select value, owner from ledger_records where entry_key = ? for update",
                    (row, i) -> new LedgerState.Record(row.getString(1), new HospitalId(row.getString(2))),
                    entry.key());
            Optional<LedgerState.Record> current = records.stream().findFirst();
            Rules.Decision decision = Rules.decide(entry, current, membership);
            Outcome outcome = decision.outcome();
            String owner = outcome.owner() == null ? null : outcome.owner().value();
            position++;
            hash = Chain.hash(hash, position, entry);
            jdbc.update(
                    "insert into ledger_log (partition_no, position, writer, entry_key, nonce, entry, outcome,"
                            + " outcome_owner, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    partition,
                    position,
                    entry.writer().value(),
                    entry.key(),
                    entry.nonce(),
                    entry.encode(),
                    outcome.kind().name(),
                    owner,
                    hash);
            if (outcome.applied()) {
                write(entry.key(), current, decision.next());
            }
            results.add(new CentralProtocol.BatchResult(
                    200,
                    new CentralProtocol.Appended(
                            partition, position, outcome.kind().name(), owner),
                    null));
        }
        if (position != head.position()) {
            jdbc.update(
                    "update ledger_heads set position = ?, hash = ? where partition_no = ?", position, hash, partition);
        }
        return results;
    }

    /** Safe without a lock of its own: every entry with this key is ordered under the partition's head lock. */
    private boolean orderedBefore(Entry entry) {
        Integer count = jdbc.queryForObject(
                "select count(*) from ledger_log where writer = ? and entry_key = ? and nonce = ?",
                Integer.class,
                entry.writer().value(),
                entry.key(),
                entry.nonce());
        return count != null && count > 0;
    }

    private void write(String key, Optional<LedgerState.Record> current, Optional<LedgerState.Record> next) {
        if (next.isEmpty()) {
            jdbc.update("delete from ledger_records where entry_key = ?", key);
        } else if (current.isEmpty()) {
            jdbc.update(
                    "insert into ledger_records (entry_key, value, owner) values (?, ?, ?)",
                    key,
                    next.get().value(),
                    next.get().owner().value());
        } else {
            jdbc.update(
                    "update ledger_records set value = ?, owner = ? where entry_key = ?",
                    next.get().value(),
                    next.get().owner().value(),
                    key);
        }
    }

    /**
     * At most {@code limit} entries of {@code partition} after {@code position}, oldest first; if there are none yet,
     * waits up to {@code wait} for a commit in the partition.
     */
    List<CentralProtocol.OrderedEntry> after(int partition, long position, int limit, Duration wait)
            throws InterruptedException {
        List<CentralProtocol.OrderedEntry> entries = read(partition, position, limit);
        if (entries.isEmpty() && wait.isPositive() && commits.awaitAfter(partition, position, wait)) {
            return read(partition, position, limit);
        }
        return entries;
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
