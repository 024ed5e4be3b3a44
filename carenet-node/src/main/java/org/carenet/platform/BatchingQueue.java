package org.carenet.platform;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A queue whose threads take whatever has queued up, up to a batch's size, and hand it to one call: what arrives
 * while a batch is being handled forms the next one. Under load the batches grow by themselves; alone, an item is a
 * batch of one, handled at once. The audit trail's group commit, the consent checks and the visits' inserts use it.
 *
 * <p>The handler gets a list it must not keep, and answers each item itself (completing a future the item
 * carries, say), also when it fails, even with an {@link Error}: a caller waits for that answer. Stopping lets the
 * threads handle what is queued before they leave.
 *
 * <p>Every batch's size goes to the summary {@code carenet.batch.size} tagged with the queue's kind: how full the
 * batches run under a node's load tells whether more threads or bigger batches would pay.
 */
public final class BatchingQueue<T> {

    private static final Logger log = LoggerFactory.getLogger(BatchingQueue.class);

    private final String name;
    private final int threadCount;
    private final int maxBatch;
    private final Duration stopWait;
    private final DistributionSummary sizes;
    private final Consumer<List<T>> handler;
    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    private volatile boolean running;

    /**
     * @param kind what the queue batches: the {@code queue} tag of its batch sizes, and with the hospital the
     *     threads' name (numbered from 0 when there are several)
     * @param hospitalId the node's hospital (tests run several nodes in one JVM)
     * @param threadCount how many threads take batches
     * @param maxBatch the most items a batch holds
     * @param stopWait how long stopping waits for each thread to handle what is queued
     */
    public BatchingQueue(
            String kind,
            String hospitalId,
            int threadCount,
            int maxBatch,
            Duration stopWait,
            MeterRegistry meters,
            Consumer<List<T>> handler) {
        if (threadCount < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("a batching queue needs at least one thread and one item per batch");
        }
        this.name = kind + "-" + hospitalId;
        this.threadCount = threadCount;
        this.maxBatch = maxBatch;
        this.stopWait = stopWait;
        this.sizes = DistributionSummary.builder("carenet.batch.size")
                .description("Items handled together in one batch")
                .baseUnit("items")
                .tag("queue", kind)
                .register(meters);
        this.handler = handler;
    }

    /** A component whose work goes through a batching queue: the queue starts and stops with it. */
    public interface Owner extends SmartLifecycle {

        BatchingQueue<?> batches();

        @Override
        default void start() {
            batches().start();
        }

        @Override
        default void stop() {
            batches().stop();
        }

        @Override
        default boolean isRunning() {
            return batches().isRunning();
        }

        /** Stop after the web server (which stops at a higher phase), so that requests in flight are answered. */
        @Override
        default int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE - 2048;
        }
    }

    public synchronized void start() {
        running = true;
        for (int i = 0; i < threadCount; i++) {
            threads.add(Thread.ofPlatform()
                    .name(threadCount == 1 ? name : name + "-" + i)
                    .daemon()
                    .start(this::run));
        }
    }

    /** Takes no more items, and waits (up to the stop wait each) for the threads to handle what is queued. */
    public synchronized void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(stopWait.toMillis());
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

    /**
     * Waits for the answer an item's handler gives through {@code answer}, and throws the handler's exception as it
     * is when it failed.
     */
    public static <R> R await(CompletableFuture<R> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
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
                sizes.record(batch.size());
                handler.accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // the handler answers its items even when it fails; this keeps the thread alive if it did not,
                // so that the next items are still handled rather than queued for a thread that is gone
                log.error("a batch of {} items could not be handled", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }
}
