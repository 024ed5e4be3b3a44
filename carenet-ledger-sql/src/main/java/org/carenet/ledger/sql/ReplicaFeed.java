package org.carenet.ledger.sql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.carenet.ledger.Applied;
import org.carenet.ledger.Entry;
import org.carenet.ledger.Ordered;
import org.carenet.ledger.Replica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a replica following the central's log. One virtual thread long-polls the central for the entries after the
 * replica's head in every partition and applies whatever came, all partitions together, as one batch: an idle ledger
 * costs one waiting request, and under load the replica stores many entries per transaction, as many as the central
 * ordered while the previous batch was applied.
 *
 * <p>The central is not trusted: each entry the replica applies is compared with what the central recorded for it —
 * outcome, owner and chain hash. A disagreement means the central decided wrongly or its log was altered; it is
 * logged and kept as a discrepancy, and the replica's own decision stands.
 */
final class ReplicaFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaFeed.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration STOP = Duration.ofSeconds(10);

    private final CentralClient central;
    private final Replica replica;
    private final SqlLedgerSettings settings;
    private final List<String> discrepancies = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Partitions no longer followed: the central sent an entry in them that cannot be decoded. */
    private final Set<Integer> abandoned = new HashSet<>();

    private Thread follower;
    /** Whether the follower waits for the central, where closing may interrupt it; guarded by this. */
    private boolean fetching;

    private record Place(int partition, long position) {}

    ReplicaFeed(CentralClient central, Replica replica, SqlLedgerSettings settings) {
        this.central = central;
        this.replica = replica;
        this.settings = settings;
    }

    void start() {
        follower = Thread.ofVirtual().name("carenet-sql-follow").start(this::follow);
    }

    List<String> discrepancies() {
        return List.copyOf(discrepancies);
    }

    private void follow() {
        boolean failing = false;
        while (closed.getCount() > 0) {
            Map<Integer, Long> after = new TreeMap<>();
            for (int partition = 0; partition < replica.partitions(); partition++) {
                if (!abandoned.contains(partition)) {
                    after.put(partition, replica.head(partition).position());
                }
            }
            if (after.isEmpty()) {
                return;
            }
            try {
                CentralProtocol.EntryPages fetched = fetch(after);
                if (fetched == null) {
                    return;
                }
                apply(fetched);
                failing = false;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed.getCount() == 0) {
                    return;
                }
                if (!failing) {
                    log.warn(
                            "{} cannot follow the central log; retrying every {} s: {}",
                            replica.hospital(),
                            RETRY.toSeconds(),
                            e.getMessage());
                }
                failing = true;
                if (awaitClosed(RETRY)) {
                    return;
                }
            }
        }
    }

    /**
     * The entries after {@code after}, or null once the feed is closed. Closing interrupts a fetch, which may wait a
     * long poll, but never an apply, which finishes its transaction.
     */
    private CentralProtocol.EntryPages fetch(Map<Integer, Long> after) throws InterruptedException {
        synchronized (this) {
            if (closed.getCount() == 0) {
                return null;
            }
            fetching = true;
        }
        try {
            return central.entries(after, settings.batch(), settings.longPoll());
        } finally {
            synchronized (this) {
                fetching = false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("the feed closed while fetching");
            }
        }
    }

    private void apply(CentralProtocol.EntryPages fetched) {
        List<Ordered> ordered = new ArrayList<>();
        Map<Place, CentralProtocol.OrderedEntry> recorded = new HashMap<>();
        for (CentralProtocol.EntryPage page : fetched.pages()) {
            int partition = page.partition();
            if (abandoned.contains(partition)) {
                continue;
            }
            for (CentralProtocol.OrderedEntry entry : page.entries()) {
                try {
                    ordered.add(new Ordered(partition, entry.position(), Entry.decode(entry.entry())));
                } catch (IllegalArgumentException malformed) {
                    // nothing after it can be chained
                    discrepancy("partition " + partition + ", position " + entry.position()
                            + ": the central sent an undecodable entry (" + malformed.getMessage()
                            + "); this hospital stops following the partition");
                    abandoned.add(partition);
                    break;
                }
                recorded.put(new Place(partition, entry.position()), entry);
            }
        }
        if (ordered.isEmpty()) {
            return;
        }
        for (Applied applied : replica.apply(ordered)) {
            compare(applied, recorded.get(new Place(applied.partition(), applied.position())));
        }
    }

    private void compare(Applied applied, CentralProtocol.OrderedEntry recorded) {
        String ours = applied.outcome().kind().name();
        String ourOwner = applied.outcome().owner() == null
                ? null
                : applied.outcome().owner().value();
        boolean sameOutcome = ours.equals(recorded.outcome()) && Objects.equals(ourOwner, recorded.owner());
        boolean sameHash = Arrays.equals(applied.hash(), recorded.hash());
        if (sameOutcome && sameHash) {
            return;
        }
        StringBuilder problem = new StringBuilder("partition ")
                .append(applied.partition())
                .append(", position ")
                .append(applied.position())
                .append(", key '")
                .append(applied.entry().key())
                .append("':");
        if (!sameOutcome) {
            problem.append(" the central recorded ")
                    .append(describe(recorded.outcome(), recorded.owner()))
                    .append(" but this hospital's rules give ")
                    .append(describe(ours, ourOwner))
                    .append(';');
        }
        if (!sameHash) {
            problem.append(" the central's chain hash is not this replica's: its log was altered;");
        }
        discrepancy(problem.substring(0, problem.length() - 1));
    }

    private static String describe(String outcome, String owner) {
        return owner == null ? outcome : outcome + " (owner " + owner + ")";
    }

    private void discrepancy(String problem) {
        log.error(
                "{}: the central server disagrees with this hospital's replica at {}; the replica's decision stands",
                replica.hospital(),
                problem);
        discrepancies.add(problem);
    }

    private boolean awaitClosed(Duration timeout) {
        try {
            return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }

    /** Stops following, once the batch at hand is applied. */
    @Override
    public void close() {
        closed.countDown();
        synchronized (this) {
            if (follower == null) {
                return;
            }
            if (fetching) {
                follower.interrupt();
            }
        }
        try {
            if (!follower.join(STOP)) {
                log.warn(
                        "{}: the replica was still applying {} s after the feed closed",
                        replica.hospital(),
                        STOP.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
