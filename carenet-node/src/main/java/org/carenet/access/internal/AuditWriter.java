package org.carenet.access.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.carenet.access.AuditEntry;
import org.carenet.access.AuditEvent;
import org.carenet.platform.BatchingQueue;
import org.carenet.platform.NodeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit trail's single writer. Callers hand it events and wait until they are durable; it takes whatever has
 * queued up meanwhile, chains it and inserts it in one statement (group commit). One writer keeps the chain
 * linear without locking a row per request, and many concurrent requests share one commit.
 */
@Component
public class AuditWriter implements BatchingQueue.Owner {

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    private static final int MAX_BATCH = 512;
    private static final Duration WAIT_FOR_DURABILITY = Duration.ofSeconds(30);
    private static final String INSERT = "insert into access.audit_log (" + AuditRows.COLUMNS + ") select * from"
            + " unnest(?::bigint[], ?::text[]::timestamptz[], " + "?::text[], ".repeat(AuditChain.CONTENT_FIELDS)
            + "?::bytea[], ?::bytea[])";

    private final AuditRows rows;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final BatchingQueue<Pending> queue;

    private volatile AuditRows.Head head;

    AuditWriter(AuditRows rows, JdbcTemplate jdbc, Clock clock, NodeProperties node, MeterRegistry meters) {
        this.rows = rows;
        this.jdbc = jdbc;
        this.clock = clock;
        this.queue = new BatchingQueue<>(
                "audit-writer", node.hospitalId(), 1, MAX_BATCH, WAIT_FOR_DURABILITY, meters, this::write);
    }

    private record Pending(AuditEvent event, String requestId, CompletableFuture<Long> written) {}

    /** Appends the event and returns its sequence number once it is committed. */
    public long append(AuditEvent event, String requestId) {
        Pending pending = new Pending(event, requestId, new CompletableFuture<>());
        if (!queue.offer(pending)) {
            throw new IllegalStateException("the audit trail is not accepting entries: the node is not running");
        }
        try {
            return pending.written().get(WAIT_FOR_DURABILITY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the audit trail", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the audit entry could not be written", e);
        }
    }

    /** The last entry this node committed. */
    public AuditRows.Head head() {
        return head;
    }

    @Override
    public synchronized void start() {
        head = rows.head();
        queue.start();
    }

    @Override
    public BatchingQueue<?> batches() {
        return queue;
    }

    private void reloadHead() {
        try {
            head = rows.head();
        } catch (RuntimeException e) {
            log.error("could not reload the audit chain's head; keeping the last known one", e);
        }
    }

    private void write(List<Pending> batch) {
        AuditRows.Head last = head;
        int size = batch.size();
        Long[] seqs = new Long[size];
        String[] times = new String[size];
        String[][] contents = new String[AuditChain.CONTENT_FIELDS][size];
        byte[][] prevHashes = new byte[size][];
        byte[][] hashes = new byte[size][];
        Instant now = AuditChain.timestamp(clock.instant());
        String at = now.toString();
        for (int i = 0; i < size; i++) {
            Pending pending = batch.get(i);
            AuditEvent e = pending.event();
            long seq = last.seq() + 1;
            AuditEntry entry = new AuditEntry(
                    seq,
                    now,
                    e.actor(),
                    e.role(),
                    e.action(),
                    e.resource(),
                    e.resourceId(),
                    e.outcome().name(),
                    e.detail(),
                    pending.requestId(),
                    null,
                    null);
            byte[] hash = AuditChain.hash(last.hash(), entry);
            String[] content = AuditChain.content(entry);
            for (int field = 0; field < content.length; field++) {
                contents[field][i] = content[field];
            }
            seqs[i] = seq;
            times[i] = at;
            prevHashes[i] = last.hash();
            hashes[i] = hash;
            last = new AuditRows.Head(seq, hash);
        }
        try {
            // one statement, so one round trip that commits by itself: the batch is stored whole or not at all
            jdbc.update(INSERT, statement -> {
                Connection connection = statement.getConnection();
                int parameter = 1;
                statement.setArray(parameter++, connection.createArrayOf("bigint", seqs));
                statement.setArray(parameter++, connection.createArrayOf("text", times));
                for (String[] field : contents) {
                    statement.setArray(parameter++, connection.createArrayOf("text", field));
                }
                statement.setArray(parameter++, connection.createArrayOf("bytea", prevHashes));
                statement.setArray(parameter, connection.createArrayOf("bytea", hashes));
            });
            head = last;
            for (int i = 0; i < size; i++) {
                batch.get(i).written().complete(seqs[i]);
            }
        } catch (RuntimeException | Error e) {
            log.error("could not write {} audit entries", size, e);
            batch.forEach(pending -> pending.written().completeExceptionally(e));
            reloadHead();
        }
    }
}
