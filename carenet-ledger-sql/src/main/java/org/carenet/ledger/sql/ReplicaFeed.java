package org.carenet.ledger.sql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.carenet.ledger.Applied;
import org.carenet.ledger.Entry;
import org.carenet.ledger.Ordered;
import org.carenet.ledger.Replica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a replica following the central's log. One virtual thread per partition long-polls the central for the
 * entries after the replica's head there, so an idle partition costs one waiting request and a busy one never waits
 * behind another; a single applier hands everything the followers fetched meanwhile to the replica as one batch, so
 * under load the replica stores many entries per transaction instead of one per partition.
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
    private final BlockingQueue<Fetched> fetched = new LinkedBlockingQueue<>();
    private final List<String> discrepancies = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Thread> followers = new ArrayList<>();
    private Thread applier;

    /** Entries one follower fetched, decoded, waiting for the applier. */
    private record Fetched(
            int partition,
            List<CentralProtocol.OrderedEntry> recorded,
            List<Entry> entries,
            CompletableFuture<Void> applied) {}

    /** Tells the applier to stop once the batch at hand is kept. */
    private static final Fetched STOPPED = new Fetched(-1, List.of(), List.of(), new CompletableFuture<>());

    private record Place(int partition, long position) {}

    ReplicaFeed(CentralClient central, Replica replica, SqlLedgerSettings settings) {
        this.central = central;
        this.replica = replica;
        this.settings = settings;
    }

    void start() {
        applier = Thread.ofVirtual().name("carenet-sql-apply").start(this::applyFetched);
        for (int partition = 0; partition < replica.partitions(); partition++) {
            int followed = partition;
            followers.add(
                    Thread.ofVirtual().name("carenet-sql-follow-" + partition).start(() -> follow(followed)));
        }
    }

    List<String> discrepancies() {
        return List.copyOf(discrepancies);
    }

    private void follow(int partition) {
        boolean failing = false;
        while (closed.getCount() > 0) {
            try {
                long head = replica.head(partition).position();
                CentralProtocol.EntryPage page =
                        central.entries(partition, head, settings.batch(), settings.longPoll());
                if (page.entries().isEmpty()) {
                    continue;
                }
                Fetched batch = decode(partition, page.entries());
                if (!batch.entries().isEmpty()) {
                    fetched.put(batch);
                    batch.applied().get();
                }
                if (batch.entries().size() < page.entries().size()) {
                    return; // an undecodable entry: nothing after it can be chained
                }
                failing = false;
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException | RuntimeException e) {
                if (closed.getCount() == 0) {
                    return;
                }
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (!failing) {
                    log.warn(
                            "{} cannot follow partition {} of the central log; retrying every {} s: {}",
                            replica.hospital(),
                            partition,
                            RETRY.toSeconds(),
                            cause.getMessage());
                }
                failing = true;
                if (awaitClosed(RETRY)) {
                    return;
                }
            }
        }
    }

    /** The decodable entries of a page, up to the first that is not: the central sent bytes no hospital signed. */
    private Fetched decode(int partition, List<CentralProtocol.OrderedEntry> recorded) {
        List<Entry> entries = new ArrayList<>(recorded.size());
        for (CentralProtocol.OrderedEntry ordered : recorded) {
            try {
                entries.add(Entry.decode(ordered.entry()));
            } catch (IllegalArgumentException malformed) {
                discrepancy("partition " + partition + ", position " + ordered.position()
                        + ": the central sent an undecodable entry (" + malformed.getMessage()
                        + "); this hospital stops following the partition");
                break;
            }
        }
        return new Fetched(partition, recorded.subList(0, entries.size()), entries, new CompletableFuture<>());
    }

    private void applyFetched() {
        List<Fetched> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(fetched.take());
            } catch (InterruptedException e) {
                return;
            }
            fetched.drainTo(batch);
            stopping = batch.remove(STOPPED);
            try {
                apply(batch);
                batch.forEach(done -> done.applied().complete(null));
            } catch (RuntimeException e) {
                batch.forEach(done -> done.applied().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    private void apply(List<Fetched> batch) {
        List<Ordered> ordered = new ArrayList<>();
        Map<Place, CentralProtocol.OrderedEntry> recorded = new HashMap<>();
        for (Fetched fetched : batch) {
            for (int i = 0; i < fetched.entries().size(); i++) {
                CentralProtocol.OrderedEntry entry = fetched.recorded().get(i);
                ordered.add(new Ordered(
                        fetched.partition(), entry.position(), fetched.entries().get(i)));
                recorded.put(new Place(fetched.partition(), entry.position()), entry);
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

    /** Stops fetching, lets the applier finish the batch at hand, and waits for every thread to end. */
    @Override
    public void close() {
        closed.countDown();
        followers.forEach(Thread::interrupt);
        if (applier != null) {
            fetched.add(STOPPED);
        }
        try {
            for (Thread follower : followers) {
                follower.join(STOP);
            }
            if (applier != null && !applier.join(STOP)) {
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
