package org.carenet.central;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last committed position of each partition, known in memory, so that readers waiting for new entries sleep
 * until a commit lands instead of polling the database, and then read only the partitions that moved.
 */
final class CommitSignal {

    private final AtomicLongArray last;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();

    CommitSignal(List<Long> lastPositions) {
        last = new AtomicLongArray(lastPositions.size());
        for (int partition = 0; partition < lastPositions.size(); partition++) {
            last.set(partition, lastPositions.get(partition));
        }
    }

    /** A transaction that ordered {@code position} in {@code partition} committed: wakes the readers. */
    void committed(int partition, long position) {
        // commits of one partition are serialised by its head lock, but their signals may arrive out of order
        last.accumulateAndGet(partition, position, Math::max);
        lock.lock();
        try {
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The partitions that hold an entry after the position given for them, waiting up to {@code timeout} until one
     * does; empty if none did in time.
     */
    List<Integer> awaitAfter(Map<Integer, Long> positions, Duration timeout) throws InterruptedException {
        List<Integer> moved = after(positions);
        if (!moved.isEmpty() || !timeout.isPositive()) {
            return moved;
        }
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            for (moved = after(positions); moved.isEmpty() && remaining > 0; moved = after(positions)) {
                remaining = advanced.awaitNanos(remaining);
            }
            return moved;
        } finally {
            lock.unlock();
        }
    }

    private List<Integer> after(Map<Integer, Long> positions) {
        List<Integer> moved = new ArrayList<>();
        positions.forEach((partition, position) -> {
            if (last.get(partition) > position) {
                moved.add(partition);
            }
        });
        return moved;
    }
}
