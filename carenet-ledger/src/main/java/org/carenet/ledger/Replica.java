package org.carenet.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One hospital's copy of the ledger: it applies the backend's ordered entries with the rules of {@link LedgerState},
 * links them into a hash chain per partition, and keeps both in its {@link ReplicaStore} batch by batch, so that it
 * resumes after a restart exactly where it stopped. Reads are served from memory.
 *
 * <p>A writer learns the outcome of its own entry here: it {@link #expect expects} the entry before appending it,
 * and the future completes once this replica has applied and stored it, so that a later read here sees it.
 */
public final class Replica {

    private final HospitalId self;
    private final Membership membership;
    private final ReplicaStore store;
    private final int partitions;
    private final Clock clock;
    private final AtomicReferenceArray<Head> heads;
    private final Map<String, Awaited> waiting = new ConcurrentHashMap<>();
    private final ReentrantLock progress = new ReentrantLock();
    private final Condition advanced = progress.newCondition();
    private volatile LedgerState state;

    public Replica(HospitalId self, Membership membership, ReplicaStore store, int partitions, Clock clock) {
        this.self = Objects.requireNonNull(self);
        this.membership = Objects.requireNonNull(membership);
        this.store = Objects.requireNonNull(store);
        this.partitions = partitions;
        this.clock = clock;
        this.heads = new AtomicReferenceArray<>(partitions);
        load();
    }

    private void load() {
        ReplicaStore.Stored stored = store.load(partitions);
        state = new LedgerState(membership, stored.records(), stored.nonces());
        for (int partition = 0; partition < partitions; partition++) {
            heads.set(partition, Head.empty(partition));
        }
        for (Head head : stored.heads()) {
            heads.set(head.partition(), head);
        }
    }

    /**
     * Binds this replica to {@code backend}'s log: its stored positions are positions in that log only.
     *
     * @throws IllegalStateException if it was built from another backend's log, or with another partition count
     */
    public void follow(String backend) {
        store.claim(backend, partitions);
    }

    public HospitalId hospital() {
        return self;
    }

    public Membership membership() {
        return membership;
    }

    public int partitions() {
        return partitions;
    }

    /**
     * Applies a batch of ordered entries and keeps it, all or nothing. Entries at or before a partition's head
     * were delivered again and are skipped. If keeping fails, the batch is undone in memory too, and the backend
     * delivers it again.
     *
     * @return what was applied, in order
     */
    public synchronized List<Applied> apply(List<Ordered> batch) {
        List<Applied> applied = new ArrayList<>(batch.size());
        Map<String, Optional<LedgerState.Record>> changed = new LinkedHashMap<>();
        Map<String, Optional<LedgerState.Record>> before = new HashMap<>();
        Map<Integer, Head> moved = new HashMap<>();
        Instant now = clock.instant();
        try {
            for (Ordered ordered : batch) {
                int partition = ordered.partition();
                if (partition >= partitions) {
                    throw new IllegalArgumentException(
                            "partition " + partition + " of a log with " + partitions + " partitions");
                }
                Head head = moved.getOrDefault(partition, heads.get(partition));
                if (ordered.position() <= head.position()) {
                    continue;
                }
                Entry entry = ordered.entry();
                before.computeIfAbsent(entry.key(), state::record);
                Outcome outcome = Partitions.of(entry.key(), partitions) == partition
                        ? state.apply(entry, signedHere(entry))
                        : Outcome.refused(
                                Outcome.Kind.WRONG_PARTITION,
                                "the key belongs to partition " + Partitions.of(entry.key(), partitions));
                byte[] hash = Chain.hash(head.hash(), ordered.position(), entry);
                applied.add(new Applied(partition, ordered.position(), entry, outcome, hash, now));
                if (outcome.applied()) {
                    changed.put(entry.key(), state.record(entry.key()));
                }
                moved.put(partition, new Head(partition, ordered.position(), hash));
            }
            if (applied.isEmpty()) {
                return List.of();
            }
            store.commit(applied, changed, moved.values());
        } catch (RuntimeException failure) {
            // back to what the store holds; the backend delivers the batch again
            before.forEach(state::restore);
            applied.stream()
                    .filter(entry -> !entry.outcome().kind().isForgery()) // those did not consume their nonce
                    .forEach(entry -> state.forgetNonce(entry.entry()));
            throw failure;
        }
        progress.lock();
        try {
            moved.values().forEach(head -> heads.set(head.partition(), head));
            advanced.signalAll();
        } finally {
            progress.unlock();
        }
        for (Applied entry : applied) {
            if (entry.entry().writer().equals(self)) {
                Awaited waiter = waiting.remove(LedgerState.nonceOf(entry.entry()));
                if (waiter != null) {
                    waiter.outcome().complete(entry.outcome());
                }
            }
        }
        return applied;
    }

    /** What this hospital sees for {@code key} now. */
    public LedgerState.Lookup get(String key) {
        return state.get(key, self);
    }

    /** The future outcome of one of this hospital's entries; call before appending it. */
    public CompletableFuture<Outcome> expect(Entry entry) {
        if (!entry.writer().equals(self)) {
            throw new IllegalArgumentException("a replica learns the outcome of its own hospital's entries only");
        }
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        waiting.put(LedgerState.nonceOf(entry), new Awaited(entry, outcome));
        return outcome;
    }

    /**
     * Whether this hospital signed exactly {@code entry} and awaits it: verifying its signature again would only
     * spend the time a whole write takes. Anything else, even an entry with our name on it, is verified.
     */
    private boolean signedHere(Entry entry) {
        if (!entry.writer().equals(self)) {
            return false;
        }
        Awaited awaited = waiting.get(LedgerState.nonceOf(entry));
        return awaited != null && awaited.entry().equals(entry);
    }

    /** One of this hospital's entries, appended, and the outcome its writer waits for. */
    private record Awaited(Entry entry, CompletableFuture<Outcome> outcome) {}

    /** Stops expecting an entry whose append failed or timed out. */
    public void forget(Entry entry) {
        waiting.remove(LedgerState.nonceOf(entry));
    }

    public Head head(int partition) {
        return heads.get(partition);
    }

    public List<Head> heads() {
        List<Head> all = new ArrayList<>(partitions);
        for (int partition = 0; partition < partitions; partition++) {
            all.add(heads.get(partition));
        }
        return all;
    }

    /** Waits until this replica has applied {@code partition} up to {@code position}; false if it timed out. */
    public boolean awaitPosition(int partition, long position, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        progress.lock();
        try {
            while (heads.get(partition).position() < position) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = advanced.awaitNanos(remaining);
            }
            return true;
        } finally {
            progress.unlock();
        }
    }

    public List<Applied> history(String key) {
        return store.history(key);
    }

    /** This hospital's signed statement of its heads, for the others to compare with their histories. */
    public Checkpoint checkpoint(SigningKey key) {
        return Checkpoint.signed(self, heads(), clock.instant(), key);
    }

    /**
     * Compares another hospital's checkpoint with this replica's history, as far as this replica got: the first
     * disagreement, if any. A partition this replica has not reached yet is not compared.
     */
    public Optional<String> check(Checkpoint theirs) {
        Optional<String> distrust = theirs.distrust(membership);
        if (distrust.isPresent()) {
            return distrust;
        }
        for (Head head : theirs.heads()) {
            if (head.partition() >= partitions) {
                return Optional.of(
                        theirs.hospital() + " names partition " + head.partition() + ", which the log lacks");
            }
            if (head.position() < 0 || heads.get(head.partition()).position() < head.position()) {
                continue;
            }
            Optional<byte[]> ours = store.hashAt(head.partition(), head.position());
            if (ours.isEmpty()) {
                return Optional.of(theirs.hospital() + " applied an entry at partition " + head.partition()
                        + ", position " + head.position() + " that this replica does not have");
            }
            if (!Arrays.equals(ours.get(), head.hash())) {
                return Optional.of(theirs.hospital() + "'s history differs from this replica's in partition "
                        + head.partition() + " at or before position " + head.position());
            }
        }
        return Optional.empty();
    }

    /**
     * Checks the stored history from the start: every link of every chain, every signature (by applying every entry
     * again with the rules), every recorded outcome, the heads, and that the history explains the stored records.
     */
    public Verification verify() {
        Instant at = clock.instant();
        LedgerState replay = new LedgerState(membership);
        long checked = 0;
        List<Head> storedHeads = store.heads(partitions);
        for (int partition = 0; partition < partitions; partition++) {
            ChainCheck check = new ChainCheck(partition, replay);
            store.scan(partition, check);
            checked += check.count;
            if (check.problem != null) {
                return Verification.broken(checked, check.problem, at);
            }
            Head stored = storedHeads.get(partition);
            if (stored.position() != check.position || !Arrays.equals(stored.hash(), check.previous)) {
                return Verification.broken(
                        checked,
                        "partition " + partition + " ends at position " + check.position + " but its head says "
                                + stored.position() + ": entries were removed or added behind the chain",
                        at);
            }
        }
        Map<String, LedgerState.Record> expected = replay.snapshot();
        Map<String, LedgerState.Record> records = store.records();
        for (var record : expected.entrySet()) {
            if (!record.getValue().equals(records.get(record.getKey()))) {
                return Verification.broken(
                        checked,
                        "the stored record of key '" + record.getKey() + "' is not what its history gives",
                        at);
            }
        }
        for (String key : records.keySet()) {
            if (!expected.containsKey(key)) {
                return Verification.broken(checked, "key '" + key + "' is stored but its history removed it", at);
            }
        }
        return Verification.ok(checked, at);
    }

    /** Follows one partition's chain, stopping at the first problem. */
    private final class ChainCheck implements Consumer<Applied> {

        private final int partition;
        private final LedgerState replay;
        private byte[] previous = Chain.GENESIS;
        private long position = -1;
        private long count;
        private String problem;

        ChainCheck(int partition, LedgerState replay) {
            this.partition = partition;
            this.replay = replay;
        }

        @Override
        public void accept(Applied applied) {
            if (problem != null) {
                return;
            }
            count++;
            String where = "the entry at partition " + partition + ", position " + applied.position();
            if (applied.position() <= position) {
                problem = where + " comes after position " + position + ": the history was reordered";
                return;
            }
            if (!Arrays.equals(Chain.hash(previous, applied.position(), applied.entry()), applied.hash())) {
                problem = where + " does not continue the chain: it was altered, or an entry before it was"
                        + " removed or moved";
                return;
            }
            Outcome again = Partitions.of(applied.entry().key(), partitions) == partition
                    ? replay.apply(applied.entry())
                    : Outcome.refused(Outcome.Kind.WRONG_PARTITION, "");
            if (again.kind() != applied.outcome().kind()
                    || !Objects.equals(again.owner(), applied.outcome().owner())) {
                problem = where + " is recorded as " + applied.outcome().kind() + " but the rules give " + again.kind();
                return;
            }
            previous = applied.hash();
            position = applied.position();
        }
    }
}
