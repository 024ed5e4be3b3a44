package org.carenet.ledger;

import java.util.concurrent.CompletableFuture;

/**
 * What a backend does for the ledger: order the entries hospitals append, durably, and deliver the same order to
 * every hospital's replica. Deciding what an entry does is not the backend's job: every replica decides for itself,
 * with the same rules ({@link LedgerState}).
 */
public interface LedgerLog extends AutoCloseable {

    /** The backend's name, as configured: {@code kafka}, {@code sql}, {@code raft}. */
    String backend();

    /** How many ordering partitions entries are spread over, by {@link Partitions#of}. */
    int partitions();

    /**
     * Hands a signed entry to the backend. The future completes once the entry is durably ordered, or fails if it
     * could not be; the entry's outcome comes from the replica that applies it.
     */
    CompletableFuture<Void> append(Entry entry);

    /**
     * Starts delivering the ordered entries to {@code replica}, from just after its {@link Replica#head heads}, and
     * keeps delivering until closed. Delivery is at least once: the replica skips what it already applied.
     */
    void start(Replica replica);

    /**
     * The last position ordered so far in {@code partition}, or -1 if none: once the replica has applied up to it,
     * it has seen every write that completed before this call.
     */
    long lastPosition(int partition);

    @Override
    void close();
}
