package org.carenet.ledger.raft;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.carenet.ledger.Entry;
import org.carenet.ledger.LedgerLog;
import org.carenet.ledger.LedgerUnavailableException;
import org.carenet.ledger.Replica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger ordered by Raft among the hospitals themselves: every member of the network runs a peer of one Apache
 * Ratis group, and an entry is ordered once a majority of hospitals keeps it in their Raft logs. No third party is
 * involved, and the ledger stays writable while a majority is up.
 *
 * <p>The log has one partition whose positions are Raft log indexes (with gaps where Raft keeps its own entries).
 * Every peer applies the committed log to its hospital's replica ({@link ReplicaStateMachine}). Raft decides nothing
 * about entries: anyone able to reach a peer can append, and every replica judges an entry alike, so a forged,
 * replayed or misplaced entry is refused and stays in the history as refused.
 */
public final class RaftLedgerLog implements LedgerLog {

    private static final Logger log = LoggerFactory.getLogger(RaftLedgerLog.class);
    private static final Duration READ_RETRY_PAUSE = Duration.ofMillis(100);

    private final RaftLedgerSettings settings;
    private final RaftClient client;
    private RaftServer server;
    private boolean closed;

    /** Prepares this hospital's client of the group; its peer starts with {@link #start}. */
    public RaftLedgerLog(RaftLedgerSettings settings) {
        this.settings = settings;
        this.client = RaftClient.newBuilder()
                .setClientId(ClientId.randomId())
                .setRaftGroup(settings.group())
                .setProperties(RatisProperties.client(settings))
                .setRetryPolicy(RatisProperties.retryPolicy(settings))
                .build();
    }

    @Override
    public String backend() {
        return "raft";
    }

    /** Raft orders one log; a single partition keeps the ledger's positions its log indexes. */
    @Override
    public int partitions() {
        return 1;
    }

    /**
     * Submits the encoded entry to the group. Completes once a majority committed it and the leader's replica applied
     * it; fails with {@link LedgerUnavailableException} if that did not happen within the settings' timeout, which is
     * what happens without a quorum (the entry may still commit later, if a quorum returns while Ratis retries).
     */
    @Override
    public CompletableFuture<Void> append(Entry entry) {
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = client.async().send(Message.valueOf(ByteString.copyFrom(entry.encode())));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(
                    new LedgerUnavailableException("the raft client did not take the entry", e));
        }
        // a copy: the timeout is the caller's, the future Ratis completes stays Ratis's
        return reply.copy()
                .orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((committed, failure) -> {
                    if (failure != null) {
                        throw unavailable("the entry was not committed", failure);
                    }
                    if (!committed.isSuccess()) {
                        throw new LedgerUnavailableException(
                                "the raft group refused the entry: " + committed.getException(),
                                committed.getException());
                    }
                    return null;
                });
    }

    /**
     * Starts this hospital's peer, applying the committed log to {@code replica} from where it stands.
     *
     * @throws IllegalStateException if the peer cannot start, e.g. because its Raft log fails its checksums
     */
    @Override
    public synchronized void start(Replica replica) {
        if (closed) {
            throw new IllegalStateException("the raft ledger of " + settings.self() + " is closed");
        }
        if (server != null) {
            throw new IllegalStateException("the raft peer of " + settings.self() + " is already started");
        }
        if (replica.partitions() != partitions()) {
            throw new IllegalArgumentException("a raft ledger replica has one partition, not " + replica.partitions());
        }
        if (!replica.hospital().equals(settings.self())) {
            throw new IllegalArgumentException(
                    "the replica is " + replica.hospital() + "'s, the raft peer " + settings.self() + "'s");
        }
        try {
            RaftServer peer = RaftServer.newBuilder()
                    .setServerId(RaftLedgerSettings.peerId(settings.self()))
                    .setGroup(settings.group())
                    .setStateMachine(new ReplicaStateMachine(replica))
                    .setProperties(RatisProperties.server(settings))
                    .setOption(RaftStorage.StartupOption.RECOVER)
                    .build();
            try {
                peer.start();
            } catch (IOException | RuntimeException e) {
                peer.close();
                throw e;
            }
            server = peer;
        } catch (IOException | RuntimeException e) {
            // e.g. a Raft log that fails its checksums: Ratis refuses to start on it
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            throw new IllegalStateException(
                    "could not start the raft peer of " + settings.self() + " on "
                            + settings.peers().get(settings.self()) + " with storage " + settings.storage() + ": "
                            + rootMessage(cause),
                    cause);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /**
     * The log index of the last ledger entry committed, as the leader's state machine knows it after a linearizable
     * read: every write committed before this call is at or before it.
     *
     * @throws LedgerUnavailableException if the group has no leader with a quorum within the settings' timeout
     */
    @Override
    public long lastPosition(int partition) {
        if (partition != 0) {
            throw new IllegalArgumentException("the raft ledger has one partition, not partition " + partition);
        }
        // while the group elects a leader (at start, or after losing one) the answer is "leader unknown": ask again
        // until the timeout, as an append waits for the election too
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        try {
            while (true) {
                long remaining = Math.max(1, deadline - System.nanoTime());
                Throwable failure;
                try {
                    RaftClientReply reply =
                            client.async().sendReadOnlyUnordered(Message.EMPTY).get(remaining, TimeUnit.NANOSECONDS);
                    if (reply.isSuccess()) {
                        return Long.parseLong(reply.getMessage().getContent().toStringUtf8());
                    }
                    failure = reply.getException();
                } catch (ExecutionException e) {
                    failure = e;
                }
                if (System.nanoTime() + READ_RETRY_PAUSE.toNanos() >= deadline) {
                    throw unavailable("the raft group did not say where its log ends", failure);
                }
                Thread.sleep(READ_RETRY_PAUSE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException("interrupted while asking where the raft log ends", e);
        } catch (TimeoutException e) {
            throw unavailable("the raft group did not say where its log ends", e);
        }
    }

    /** Whether this hospital's peer leads the group now; tests stop the leader on purpose. */
    synchronized boolean isLeader() {
        if (server == null || closed) {
            return false;
        }
        try {
            return server.getDivision(settings.group().getGroupId()).getInfo().isLeader();
        } catch (IOException e) {
            return false;
        }
    }

    private LedgerUnavailableException unavailable(String what, Throwable failure) {
        Throwable cause = failure instanceof CompletionException || failure instanceof ExecutionException
                ? failure.getCause()
                : failure;
        String why = cause instanceof TimeoutException
                ? " within " + settings.timeout().toMillis() + " ms: no quorum of the "
                        + settings.peers().size() + " hospitals answered"
                : ": " + cause;
        return new LedgerUnavailableException(what + why, cause);
    }

    /** Stops the client and this hospital's peer; the others go on as long as they are a majority. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            client.close();
        } catch (IOException e) {
            log.warn("{}: closing the raft client failed", settings.self(), e);
        }
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                log.warn("{}: stopping the raft peer failed", settings.self(), e);
            }
        }
    }
}
