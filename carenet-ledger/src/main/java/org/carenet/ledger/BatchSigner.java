package org.carenet.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Signs a hospital's writes in batches ({@link Entry#sealAll}) and hands them to the log: a draft waits only while
 * {@value #IN_FLIGHT} batches are on their way there, and everything that queued up meanwhile is signed together,
 * under one signature that every replica then verifies once. A lone write is signed and sent at once; under load
 * the batches grow with the log's latency, and the replicas' signature checks shrink with them.
 *
 * @param <T> what sending one entry gives the writer, e.g. its outcome to come
 */
final class BatchSigner<T> implements AutoCloseable {

    static final int IN_FLIGHT = 2;
    static final int MAX_BATCH = 256;

    /** What sending a sealed entry gave: the writer's result, and when the log took the entry (or refused it). */
    record Sent<T>(T result, CompletableFuture<?> taken) {}

    private record Draft<T>(Entry draft, CompletableFuture<T> sent) {}

    private final SigningKey key;
    private final Function<Entry, Sent<T>> send;
    private final Duration timeout;
    private final BlockingQueue<Draft<T>> queue = new LinkedBlockingQueue<>();
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final Thread signer;
    private volatile boolean closed;

    /**
     * @param send sends one sealed entry to the log
     * @param timeout how long a batch may hold its place while the log does not answer
     */
    BatchSigner(SigningKey key, Function<Entry, Sent<T>> send, Duration timeout, String name) {
        this.key = key;
        this.send = send;
        this.timeout = timeout;
        this.signer = Thread.ofVirtual().name(name).start(this::run);
    }

    /** Completes with what sending the sealed draft gave, once its batch is signed and sent. */
    CompletableFuture<T> sign(Entry draft) {
        CompletableFuture<T> sent = new CompletableFuture<>();
        if (closed) {
            sent.completeExceptionally(new LedgerUnavailableException("the ledger is closed"));
        } else {
            queue.add(new Draft<>(draft, sent));
        }
        return sent;
    }

    private void run() {
        while (!closed) {
            List<Draft<T>> batch = new ArrayList<>();
            try {
                slots.acquire();
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            List<CompletableFuture<?>> taken = new ArrayList<>(batch.size());
            try {
                List<Entry> sealed =
                        Entry.sealAll(key, batch.stream().map(Draft::draft).toList());
                for (int i = 0; i < batch.size(); i++) {
                    Sent<T> sent = send.apply(sealed.get(i));
                    taken.add(sent.taken());
                    batch.get(i).sent().complete(sent.result());
                }
            } catch (RuntimeException e) {
                batch.forEach(draft -> draft.sent().completeExceptionally(e));
            }
            CompletableFuture.allOf(taken.toArray(CompletableFuture[]::new))
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((done, failure) -> slots.release());
        }
    }

    /** Fails what was not signed yet. */
    @Override
    public void close() {
        closed = true;
        signer.interrupt();
        List<Draft<T>> unsigned = new ArrayList<>();
        queue.drainTo(unsigned);
        unsigned.forEach(
                draft -> draft.sent().completeExceptionally(new LedgerUnavailableException("the ledger is closed")));
    }
}
