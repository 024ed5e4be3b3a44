package org.carenet.central;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last committed position of each partition, known in memory, so that readers waiting for new entries sleep
 * until a commit lands in their partition instead of polling the database.
 */
final class CommitSignal {

    private final AtomicLongArray last;
    private final ReentrantLock[] locks;
    private final Condition[] advanced;

    CommitSignal(List<Long> lastPositions) {
        int partitions = lastPositions.size();
        last = new AtomicLongArray(partitions);
        locks = new ReentrantLock[partitions];
        advanced = new Condition[partitions];
        for (int partition = 0; partition < partitions; partition++) {
            last.set(partition, lastPositions.get(partition));
            locks[partition] = new ReentrantLock();
            advanced[partition] = locks[partition].newCondition();
        }
    }

    /** A transaction that ordered {@code position} in {@code partition} committed: wakes that partition's readers. */
    void committed(int partition, long position) {
        // commits of one partition are serialised by its head lock, but their signals may arrive out of order
        last.accumulateAndGet(partition, position, Math::max);
        locks[partition].lock();
        try {
            advanced[partition].signalAll();
        } finally {
            locks[partition].unlock();
        }
    }

    /** Waits until {@code partition} holds an entry after {@code position}; false if none came in time. */
    boolean awaitAfter(int partition, long position, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        locks[partition].lock();
        try {
            while (last.get(partition) <= position) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = advanced[partition].awaitNanos(remaining);
            }
            return true;
        } finally {
            locks[partition].unlock();
        }
    }
}
