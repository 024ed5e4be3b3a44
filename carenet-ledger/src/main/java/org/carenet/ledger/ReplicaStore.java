package org.carenet.ledger;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Where a replica keeps what it applied, so that it resumes exactly where it stopped. */
public interface ReplicaStore {

    /** Everything a replica needs to resume. */
    record Stored(Map<String, LedgerState.Record> records, Set<String> nonces, List<Head> heads) {}

    Stored load(int partitions);

    /**
     * Records that this replica follows {@code backend}'s log with {@code partitions} partitions, or, if it already
     * follows another, refuses.
     *
     * @throws IllegalStateException if the replica was built from another backend or partition count
     */
    void claim(String backend, int partitions);

    /**
     * Keeps a batch, all or nothing: the applied entries, the records they changed (empty: removed) and the heads
     * they moved.
     */
    void commit(List<Applied> applied, Map<String, Optional<LedgerState.Record>> records, Collection<Head> heads);

    /** Every entry applied for {@code key}, oldest first. */
    List<Applied> history(String key);

    /** Feeds every applied entry of {@code partition} to {@code each}, in position order. */
    void scan(int partition, Consumer<Applied> each);

    /** The chain's hash at {@code position} of {@code partition}, if an entry was applied there. */
    Optional<byte[]> hashAt(int partition, long position);

    /** The records as stored, read afresh. */
    Map<String, LedgerState.Record> records();

    /** The heads as stored, read afresh. */
    List<Head> heads(int partitions);
}
