package org.carenet.ledger.grpc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.carenet.ledger.Entry;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.LedgerLog;
import org.carenet.ledger.Ordered;
import org.carenet.ledger.Partitions;
import org.carenet.ledger.Replica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend in one process, for testing what sits on top of the ledger: entries appended by any hospital are
 * ordered in memory (position = index in the key's partition) and delivered in batches to every hospital's replica
 * by a thread of its own. Tests can hold back delivery to one hospital and make appends fail.
 */
final class OrderedTestLog {

    private static final Logger log = LoggerFactory.getLogger(OrderedTestLog.class);
    private static final int MAX_BATCH = 1_000;

    private final int partitions;
    private final List<List<Ordered>> ordered = new ArrayList<>();
    private final Set<HospitalId> held = new HashSet<>();
    private boolean refusing;

    OrderedTestLog(int partitions) {
        this.partitions = partitions;
        for (int partition = 0; partition < partitions; partition++) {
            ordered.add(new ArrayList<>());
        }
    }

    /** The log as one hospital's ledger sees it. */
    View viewOf(HospitalId hospital) {
        return new View(hospital);
    }

    synchronized void holdDeliveryTo(HospitalId hospital) {
        held.add(hospital);
    }

    synchronized void resumeDeliveryTo(HospitalId hospital) {
        held.remove(hospital);
        notifyAll();
    }

    synchronized void refuseAppends(boolean refuse) {
        refusing = refuse;
    }

    private synchronized CompletableFuture<Void> append(Entry entry) {
        if (refusing) {
            return CompletableFuture.failedFuture(new IllegalStateException("the test log refuses appends"));
        }
        List<Ordered> partition = ordered.get(Partitions.of(entry.key(), partitions));
        partition.add(new Ordered(Partitions.of(entry.key(), partitions), partition.size(), entry));
        notifyAll();
        return CompletableFuture.completedFuture(null);
    }

    private synchronized long lastPosition(int partition) {
        return ordered.get(partition).size() - 1;
    }

    /** Waits for entries past {@code next} that {@code hospital} may receive; empty if the wait timed out. */
    private synchronized List<Ordered> next(HospitalId hospital, long[] next) throws InterruptedException {
        List<Ordered> batch = collect(hospital, next);
        if (batch.isEmpty()) {
            wait(100);
            batch = collect(hospital, next);
        }
        return batch;
    }

    private List<Ordered> collect(HospitalId hospital, long[] next) {
        List<Ordered> batch = new ArrayList<>();
        if (held.contains(hospital)) {
            return batch;
        }
        for (int partition = 0; partition < partitions && batch.size() < MAX_BATCH; partition++) {
            List<Ordered> entries = ordered.get(partition);
            int to = (int) Math.min(entries.size(), next[partition] + MAX_BATCH - batch.size());
            batch.addAll(entries.subList((int) next[partition], to));
        }
        return batch;
    }

    /** One hospital's handle on the shared log. */
    final class View implements LedgerLog {

        private final HospitalId hospital;
        private final AtomicInteger catchUps = new AtomicInteger();
        private volatile boolean running = true;
        private Thread delivery;

        private View(HospitalId hospital) {
            this.hospital = hospital;
        }

        /** How many times this hospital asked for the log's end (as a synced read does). */
        int catchUps() {
            return catchUps.get();
        }

        @Override
        public String backend() {
            return "test";
        }

        @Override
        public int partitions() {
            return partitions;
        }

        @Override
        public CompletableFuture<Void> append(Entry entry) {
            return OrderedTestLog.this.append(entry);
        }

        @Override
        public void start(Replica replica) {
            long[] next = new long[partitions];
            for (int partition = 0; partition < partitions; partition++) {
                next[partition] = replica.head(partition).position() + 1;
            }
            delivery = Thread.ofPlatform().name("test-log-" + hospital).daemon().start(() -> deliver(replica, next));
        }

        private void deliver(Replica replica, long[] next) {
            while (running) {
                try {
                    List<Ordered> batch = next(hospital, next);
                    if (!batch.isEmpty()) {
                        replica.apply(batch);
                        for (Ordered entry : batch) {
                            next[entry.partition()] = entry.position() + 1;
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("delivery to {} failed; delivering again", hospital, e);
                }
            }
        }

        @Override
        public long lastPosition(int partition) {
            catchUps.incrementAndGet();
            return OrderedTestLog.this.lastPosition(partition);
        }

        @Override
        public void close() {
            running = false;
            if (delivery != null) {
                delivery.interrupt();
                try {
                    delivery.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
