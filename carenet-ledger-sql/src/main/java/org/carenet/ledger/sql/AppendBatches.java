package org.carenet.ledger.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Sends a hospital's appends to the central in batches: an append waits only while {@value #IN_FLIGHT} batches are
 * already on their way, and everything that queued up meanwhile leaves in the next one. A lone append leaves at
 * once; under load, one request, one request signature and one transaction per partition carry many entries, which
 * is where the central's time went when each entry was a request of its own.
 */
final class AppendBatches implements AutoCloseable {

    static final int IN_FLIGHT = 4;

    private record Pending(byte[] encoded, CompletableFuture<CentralProtocol.Appended> appended) {}

    private final CentralClient central;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final Thread sender;
    private volatile boolean closed;

    AppendBatches(CentralClient central) {
        this.central = central;
        this.sender = Thread.ofVirtual().name("carenet-sql-append").start(this::send);
    }

    CompletableFuture<CentralProtocol.Appended> append(byte[] encodedEntry) {
        CompletableFuture<CentralProtocol.Appended> appended = new CompletableFuture<>();
        if (closed) {
            appended.completeExceptionally(new IllegalStateException("the sql ledger log is closed"));
        } else {
            queue.add(new Pending(encodedEntry, appended));
        }
        return appended;
    }

    private void send() {
        while (!closed) {
            List<Pending> batch = new ArrayList<>();
            try {
                slots.acquire();
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, CentralProtocol.MAX_BATCH - 1);
            List<byte[]> encoded = batch.stream().map(Pending::encoded).toList();
            central.appendAll(encoded).whenComplete((answer, failure) -> {
                slots.release();
                for (int i = 0; i < batch.size(); i++) {
                    complete(batch.get(i).appended(), answer, failure, i);
                }
            });
        }
    }

    private static void complete(
            CompletableFuture<CentralProtocol.Appended> appended,
            CentralProtocol.BatchAppended answer,
            Throwable failure,
            int index) {
        if (failure != null) {
            appended.completeExceptionally(failure);
        } else if (answer.results().size() <= index) {
            appended.completeExceptionally(new CentralRequestException(
                    0,
                    "the central server answered a batch with "
                            + answer.results().size() + " results"));
        } else {
            CentralProtocol.BatchResult result = answer.results().get(index);
            if (result.status() == 200 && result.appended() != null) {
                appended.complete(result.appended());
            } else {
                appended.completeExceptionally(new CentralRequestException(
                        result.status(),
                        "the central server refused the entry with " + result.status() + ": " + result.detail()));
            }
        }
    }

    /** Fails what was not sent yet; what is on its way completes or fails with its request. */
    @Override
    public void close() {
        closed = true;
        sender.interrupt();
        List<Pending> unsent = new ArrayList<>();
        queue.drainTo(unsent);
        unsent.forEach(pending ->
                pending.appended().completeExceptionally(new IllegalStateException("the sql ledger log is closed")));
    }
}
