package org.carenet.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue whose threads take whatever has queued up, up to a batch's size, and hand it to one call: what arrives
 * while a batch is being handled forms the next one. Under load the batches grow by themselves; alone, an item is a
 * batch of one, handled at once. The audit trail's group commit and the batched visit reads use it.
 *
 * <p>The handler gets a list it must not keep, and answers each item itself (completing a future the item
 * carries, say), also when it fails. Stopping lets the threads handle what is queued before they leave.
 */
public final class BatchingQueue<T> {

    private static final Logger log = LoggerFactory.getLogger(BatchingQueue.class);

    private final int maxBatch;
    private final Consumer<List<T>> handler;
    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    private volatile boolean running;

    public BatchingQueue(int maxBatch, Consumer<List<T>> handler) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("a batch holds at least one item");
        }
        this.maxBatch = maxBatch;
        this.handler = handler;
    }

    /** Starts {@code count} threads named {@code name} (numbered from 0 when there are several). */
    public synchronized void start(String name, int count) {
        running = true;
        for (int i = 0; i < count; i++) {
            threads.add(Thread.ofPlatform()
                    .name(count == 1 ? name : name + "-" + i)
                    .daemon()
                    .start(this::run));
        }
    }

    /** Takes no more items, and waits up to {@code wait} for each thread to handle what is queued and leave. */
    public synchronized void stop(Duration wait) {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * Queues the item for a batch; false if the queue is stopped, and then the item is not queued (or was taken
     * back), and the caller handles it some other way.
     */
    public boolean offer(T item) {
        if (!running) {
            return false;
        }
        queue.add(item);
        // stopped meanwhile: the threads may have left before it was queued
        return running || !queue.remove(item);
    }

    private void run() {
        List<T> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                T first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                handler.accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the handler answers its items even when it fails; this keeps the thread alive if it did not
                log.error("a batch of {} items could not be handled", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }
}
