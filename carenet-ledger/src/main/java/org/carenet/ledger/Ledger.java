package org.carenet.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The seed's {@code ConsistentStorage}, for one hospital: reads from its replica, writes signed with its key and
 * ordered by the backend. A write returns only once its outcome is final on the ordered log and applied here, so a
 * later read at this hospital sees it; {@link #getSynced} first catches up to the log's end, so that it also sees
 * every write completed elsewhere before the call.
 */
public final class Ledger implements AutoCloseable {

    private final SigningKey key;
    private final LedgerLog log;
    private final Replica replica;
    private final Clock clock;
    private final Duration timeout;
    private final BatchSigner<CompletableFuture<Outcome>> signer;

    public Ledger(SigningKey key, LedgerLog log, Replica replica, Clock clock, Duration timeout) {
        if (log.partitions() != replica.partitions()) {
            throw new IllegalArgumentException(
                    "the replica has " + replica.partitions() + " partitions, the log " + log.partitions());
        }
        if (!replica.membership()
                .member(replica.hospital())
                .map(member -> member.key().equals(key.verifyingKey()))
                .orElse(false)) {
            throw new IllegalArgumentException(
                    "the membership lists another key for " + replica.hospital() + " than the one it would sign with");
        }
        this.key = key;
        this.log = log;
        this.replica = replica;
        this.clock = clock;
        this.timeout = timeout;
        this.signer = new BatchSigner<>(key, this::send, timeout, "carenet-ledger-sign-" + replica.hospital());
    }

    /**
     * Starts following the log.
     *
     * @throws IllegalStateException if the replica was built from another backend's log or partition count
     */
    public Ledger start() {
        replica.follow(log.backend());
        log.start(replica);
        return this;
    }

    public HospitalId hospital() {
        return replica.hospital();
    }

    public String backend() {
        return log.backend();
    }

    public Membership membership() {
        return replica.membership();
    }

    /** What this hospital's replica holds for {@code key}: served locally, without a round trip. */
    public LedgerState.Lookup get(String key) {
        return replica.get(key);
    }

    /** Like {@link #get}, after catching up with everything ordered for the key so far. */
    public LedgerState.Lookup getSynced(String ledgerKey) {
        int partition = Partitions.of(ledgerKey, log.partitions());
        long last = log.lastPosition(partition);
        try {
            if (!replica.awaitPosition(partition, last, timeout)) {
                throw new LedgerUnavailableException("the replica did not catch up with partition " + partition
                        + " within " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException("interrupted while catching up", e);
        }
        return replica.get(ledgerKey);
    }

    public CompletableFuture<Outcome> put(String ledgerKey, String value) {
        return write(Entry.Command.PUT, ledgerKey, value, null);
    }

    public CompletableFuture<Outcome> remove(String ledgerKey) {
        return write(Entry.Command.REMOVE, ledgerKey, null, null);
    }

    public CompletableFuture<Outcome> transfer(String ledgerKey, HospitalId newOwner) {
        return write(Entry.Command.TRANSFER, ledgerKey, null, newOwner);
    }

    /** Signs the write with the others in flight ({@link BatchSigner}), then submits it. */
    private CompletableFuture<Outcome> write(
            Entry.Command command, String ledgerKey, String value, HospitalId newOwner) {
        Entry draft = Entry.draft(hospital(), command, ledgerKey, value, newOwner, clock.instant());
        return signer.sign(draft).thenCompose(outcome -> outcome);
    }

    /**
     * Appends one of this hospital's signed entries; completes with its outcome once applied here, or fails with
     * {@link LedgerUnavailableException} if the backend refused it or it was not applied in time.
     */
    public CompletableFuture<Outcome> submit(Entry entry) {
        return send(entry).result();
    }

    /** Submits the entry; also says when the backend took it, for the signer to send the next batch. */
    private BatchSigner.Sent<CompletableFuture<Outcome>> send(Entry entry) {
        CompletableFuture<Outcome> outcome = replica.expect(entry);
        CompletableFuture<Void> appended = log.append(entry);
        appended.whenComplete((ordered, failure) -> {
            if (failure != null) {
                replica.forget(entry);
                outcome.completeExceptionally(new LedgerUnavailableException(
                        "the " + backend() + " backend did not take the entry", failure));
            }
        });
        CompletableFuture<Outcome> result = outcome.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(failure -> {
                    replica.forget(entry);
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    return CompletableFuture.failedFuture(
                            cause instanceof TimeoutException
                                    ? new LedgerUnavailableException("no outcome within " + timeout.toMillis()
                                            + " ms; the entry may still apply")
                                    : cause);
                });
        return new BatchSigner.Sent<>(result, appended);
    }

    /** Waits for a write's outcome; a failure arrives as {@link LedgerUnavailableException}. */
    public static Outcome await(CompletableFuture<Outcome> write) {
        try {
            return write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException("interrupted while waiting for the outcome", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LedgerUnavailableException unavailable) {
                throw unavailable;
            }
            throw new LedgerUnavailableException(
                    "the write failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    public List<Applied> history(String ledgerKey) {
        return replica.history(ledgerKey);
    }

    public Verification verify() {
        return replica.verify();
    }

    public Checkpoint checkpoint() {
        return replica.checkpoint(key);
    }

    public Optional<String> check(Checkpoint theirs) {
        return replica.check(theirs);
    }

    public LedgerStatus status() {
        List<LedgerStatus.PartitionStatus> partitions = new ArrayList<>();
        for (Head head : replica.heads()) {
            partitions.add(new LedgerStatus.PartitionStatus(
                    head.partition(), head.position(), log.lastPosition(head.partition())));
        }
        return new LedgerStatus(backend(), hospital(), partitions);
    }

    @Override
    public void close() {
        signer.close();
        log.close();
    }
}
