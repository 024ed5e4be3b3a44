package org.carenet.ledger.raft;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.carenet.ledger.Applied;
import org.carenet.ledger.Entry;
import org.carenet.ledger.Ordered;
import org.carenet.ledger.Outcome;
import org.carenet.ledger.Replica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the committed Raft log to this hospital's {@link Replica}, a Raft log index being the entry's position in
 * the ledger's only partition.
 *
 * <p>Ratis hands over committed entries one at a time; applying each in its own PostgreSQL transaction would cap the
 * ledger at a few hundred writes a second. So entries are queued, and one applier thread applies whatever has gathered
 * as one replica batch. Ratis counts an entry as applied once it is queued: the queue is applied strictly in order and
 * retried until PostgreSQL keeps it, so nothing overtakes it, and what Ratis waits on before it snapshots (the futures
 * returned here) completes only once the replica has kept the entry.
 *
 * <p>The replica in PostgreSQL is the durable state. A snapshot therefore records only the replica's head at the index
 * it covers; after a restart Ratis replays the log from there and the replica skips what it already holds. Shipping a snapshot to a
 * follower cannot work (it would carry no entries), so the group is configured never to: the log is kept until every
 * peer has it.
 */
final class ReplicaStateMachine extends BaseStateMachine {

    private static final Logger log = LoggerFactory.getLogger(ReplicaStateMachine.class);

    /** Enough for one PostgreSQL transaction to amortise its commit; small enough to stay well under a second. */
    private static final int MAX_BATCH = 2_000;

    private static final Duration RETRY = Duration.ofMillis(500);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /** A reply for an entry that this replica had kept before a restart, when Ratis replays it. */
    private static final String ALREADY_APPLIED = "ALREADY_APPLIED";

    /** A reply for a log entry that is not an encoded ledger entry: it is ordered but never reaches a replica. */
    private static final String UNREADABLE = "UNREADABLE";

    private final Replica replica;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final Thread applier;
    private volatile long lastQueued;
    private volatile boolean stopping;

    private record Queued(long index, Entry entry, CompletableFuture<Message> reply) {}

    ReplicaStateMachine(Replica replica) {
        this.replica = replica;
        this.lastQueued = replica.head(0).position();
        this.applier = Thread.ofPlatform()
                .daemon()
                .name("raft-ledger-apply-" + replica.hospital())
                .unstarted(this::applyQueued);
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        loadSnapshot();
        applier.start();
    }

    @Override
    public void reinitialize() throws IOException {
        loadSnapshot();
    }

    /**
     * Resumes after the latest snapshot, which Ratis replays the log from. The replica must have kept everything
     * the snapshot covers: if its PostgreSQL state went back (a restored backup, say), the log before the snapshot
     * may be gone, and resuming would leave a silent gap in the replica.
     */
    private void loadSnapshot() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.getLatestSnapshot();
        if (snapshot == null) {
            return;
        }
        long covered =
                Long.parseLong(Files.readString(snapshot.getFile().getPath()).strip());
        long head = replica.head(0).position();
        if (head < covered) {
            throw new IllegalStateException(replica.hospital() + "'s replica stands at log index " + head
                    + " but its Raft snapshot " + snapshot.getTermIndex() + " says it had kept every entry up to "
                    + covered + ": the replica lost entries the Raft log may no longer hold; restore the replica's"
                    + " PostgreSQL schema, or rebuild it from a Raft log that starts at index 0");
        }
        setLastAppliedTermIndex(snapshot.getTermIndex());
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    /**
     * Records the replica's head: the snapshot's only content. Ratis calls this only once every entry up to the
     * applied index was kept by the replica.
     */
    @Override
    public long takeSnapshot() throws IOException {
        TermIndex applied = getLastAppliedTermIndex();
        if (applied == null || applied.getIndex() < 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        Files.writeString(
                storage.getSnapshotFile(applied.getTerm(), applied.getIndex()).toPath(),
                replica.head(0).position() + "\n");
        return applied.getIndex();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
        LogEntryProto logEntry = transaction.getLogEntry();
        long index = logEntry.getIndex();
        CompletableFuture<Message> reply;
        try {
            Entry entry =
                    Entry.decode(logEntry.getStateMachineLogEntry().getLogData().toByteArray());
            reply = new CompletableFuture<>();
            lastQueued = index;
            queue.add(new Queued(index, entry, reply));
        } catch (IllegalArgumentException unreadable) {
            log.warn(
                    "{}: log index {} is not a ledger entry, skipped: {}",
                    replica.hospital(),
                    index,
                    unreadable.getMessage());
            reply = CompletableFuture.completedFuture(Message.valueOf(UNREADABLE + " " + unreadable.getMessage()));
        }
        // after queueing: a read that sees this index applied must also see the entry queued
        updateLastAppliedTermIndex(logEntry.getTerm(), index);
        return reply;
    }

    /**
     * The index of the last ledger entry committed and queued for the replica: once the replica reaches it, it has
     * seen every entry committed before. Served after a linearizable read index, so it covers every write committed
     * before the read was sent.
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.valueOf(Long.toString(lastQueued)));
    }

    /**
     * Ratis asks a follower to install a snapshot when the leader no longer has the log from where the follower
     * stands, and also, once, whenever a leader counts a follower as not caught up yet (after an election, say) even
     * though its log reaches back far enough. In that second case there is nothing to install, and the answer is
     * "no snapshot" (null): the leader then goes on sending the log from where this peer stands. Answering with what
     * this peer has applied instead would tell Ratis a snapshot was installed at that index: it would reload this
     * state machine, which must then be paused (it is not: there is nothing here to pause), and the follower's
     * updater stops on that assertion, leaving the hospital out of the group until it restarts. In the first case, a
     * raft ledger snapshot carries no entries, so this hospital cannot catch up through Raft.
     */
    @Override
    public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(
            RoleInfoProto roleInfo, TermIndex firstTermIndexInLog) {
        TermIndex applied = Objects.requireNonNullElse(getLastAppliedTermIndex(), TermIndex.INITIAL_VALUE);
        if (firstTermIndexInLog.getIndex() <= applied.getIndex() + 1) {
            log.debug(
                    "{}: the leader's log starts at {}, which this replica reaches from {}: nothing to install",
                    replica.hospital(),
                    firstTermIndexInLog,
                    applied);
            return CompletableFuture.completedFuture(null);
        }
        log.error(
                "{}: the leader no longer has the log from where this replica stands (it starts at {}); a raft"
                        + " ledger snapshot carries no entries, so this hospital cannot catch up through Raft",
                replica.hospital(),
                firstTermIndexInLog);
        return CompletableFuture.failedFuture(
                new IllegalStateException("the leader's log starts at " + firstTermIndexInLog
                        + ", after this replica's head " + replica.head(0).position()));
    }

    private void applyQueued() {
        List<Queued> batch = new ArrayList<>();
        try {
            while (!stopping) {
                Queued first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                apply(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        batch.addAll(queue);
        batch.forEach(queued -> queued.reply()
                .completeExceptionally(new IllegalStateException(replica.hospital() + "'s raft peer stopped")));
    }

    private void apply(List<Queued> batch) throws InterruptedException {
        List<Ordered> ordered = new ArrayList<>(batch.size());
        for (Queued queued : batch) {
            ordered.add(new Ordered(0, queued.index(), queued.entry()));
        }
        Map<Long, Outcome> outcomes = new HashMap<>();
        for (int attempt = 1; ; attempt++) {
            try {
                for (Applied applied : replica.apply(ordered)) {
                    outcomes.put(applied.position(), applied.outcome());
                }
                break;
            } catch (RuntimeException failure) {
                if (stopping) {
                    throw new InterruptedException("stopped while the replica could not keep log indexes "
                            + batch.getFirst().index() + " to "
                            + batch.getLast().index());
                }
                // the log is ordered: nothing after these entries may be applied before them, so wait and retry
                log.warn(
                        "{}: the replica could not keep log indexes {} to {} (attempt {}), retrying",
                        replica.hospital(),
                        batch.getFirst().index(),
                        batch.getLast().index(),
                        attempt,
                        failure);
                Thread.sleep(RETRY);
            }
        }
        for (Queued queued : batch) {
            Outcome outcome = outcomes.get(queued.index());
            queued.reply().complete(Message.valueOf(outcome == null ? ALREADY_APPLIED : describe(outcome)));
        }
    }

    /** The outcome at this replica, as the client of the append reads it: the kind, and the owner if one is named. */
    private static String describe(Outcome outcome) {
        return outcome.owner() == null ? outcome.kind().name() : outcome.kind() + " " + outcome.owner();
    }

    @Override
    public void close() throws IOException {
        stopping = true;
        try {
            applier.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.close();
    }
}
