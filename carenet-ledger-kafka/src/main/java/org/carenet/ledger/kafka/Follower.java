package org.carenet.ledger.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.carenet.ledger.Entry;
import org.carenet.ledger.Ordered;
import org.carenet.ledger.Replica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that feeds a hospital's replica: every partition of the topic, assigned by hand (no group rebalancing:
 * every hospital reads everything), read from just after the replica's stored heads, one poll applied as one batch.
 * The consumer group's committed offsets are written for operators to see the lag, never read: the replica's
 * PostgreSQL heads decide where to resume.
 *
 * <p>A failure (the replica could not keep a batch, a fetch error) is logged, remembered as the current problem, and
 * followed by a pause and a fresh seek to the heads; only {@link #stop()} ends the loop.
 */
final class Follower implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Follower.class);

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration LAST_BACKOFF = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final Replica replica;
    private final List<TopicPartition> partitions;
    private final AtomicLongArray processedThrough;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile String problem;
    private long lastCommit;
    private boolean uncommitted;

    Follower(Consumer<byte[], byte[]> consumer, Replica replica, String topic) {
        this.consumer = consumer;
        this.replica = replica;
        this.partitions = new ArrayList<>(replica.partitions());
        for (int partition = 0; partition < replica.partitions(); partition++) {
            partitions.add(new TopicPartition(topic, partition));
        }
        this.processedThrough = new AtomicLongArray(replica.partitions());
        for (int partition = 0; partition < replica.partitions(); partition++) {
            processedThrough.set(partition, -1);
        }
    }

    @Override
    public void run() {
        try {
            follow();
        } catch (RuntimeException | Error e) {
            problem = "the follower stopped: " + e;
            log.error("the ledger follower of {} stopped", replica.hospital(), e);
            throw e;
        } finally {
            consumer.close();
        }
    }

    private void follow() {
        consumer.assign(partitions);
        boolean seek = true;
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try {
                if (seek) {
                    seekToReplicaHeads();
                    seek = false;
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    replica.apply(decode(records));
                }
                noteProcessed();
                commitNowAndThen();
                // the client retries unreachable brokers quietly: an empty poll may be an outage
                problem = records.isEmpty() && !connected() ? "no connection to the brokers" : null;
                backoff = FIRST_BACKOFF;
            } catch (WakeupException e) {
                // stop() woke the poll; the loop condition ends it
            } catch (OffsetOutOfRangeException e) {
                problem = "the log does not hold the positions the replica continues from ("
                        + e.offsetOutOfRangePartitions()
                        + "): the topic was truncated, recreated or is not this replica's";
                log.error("the ledger follower of {} cannot continue: {}", replica.hospital(), problem);
                pause(backoff);
                backoff = LAST_BACKOFF;
                seek = true;
            } catch (RuntimeException e) {
                problem = e.toString();
                log.warn(
                        "the ledger follower of {} failed; resuming from the replica's heads in {} ms",
                        replica.hospital(),
                        backoff.toMillis(),
                        e);
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(LAST_BACKOFF) > 0 ? LAST_BACKOFF : backoff.multipliedBy(2);
                seek = true;
            }
        }
    }

    /** Kafka offsets are the ledger's positions, so the replica's head is where reading resumes. */
    private void seekToReplicaHeads() {
        for (TopicPartition partition : partitions) {
            consumer.seek(partition, replica.head(partition.partition()).position() + 1);
        }
    }

    /**
     * The entries of one poll, in the log's order. A record that is not an encoded entry is skipped: it carries no
     * signed write, and every replica skips it alike.
     */
    private List<Ordered> decode(ConsumerRecords<byte[], byte[]> records) {
        List<Ordered> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                batch.add(new Ordered(record.partition(), record.offset(), Entry.decode(record.value())));
            } catch (IllegalArgumentException e) {
                log.warn(
                        "skipping the record at partition {}, offset {} of {}: {}",
                        record.partition(),
                        record.offset(),
                        record.topic(),
                        e.getMessage());
            }
        }
        return batch;
    }

    /** Remembers how far the log was read and kept, including records skipped or invisible (control records). */
    private void noteProcessed() {
        for (TopicPartition partition : partitions) {
            long through = consumer.position(partition) - 1;
            if (through != processedThrough.getAndSet(partition.partition(), through)) {
                uncommitted = true;
            }
        }
    }

    /** At most once per {@link #COMMIT_INTERVAL}: the group's offsets only inform operators. */
    private void commitNowAndThen() {
        long now = System.nanoTime();
        if (!uncommitted || now - lastCommit < COMMIT_INTERVAL.toNanos()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            long through = processedThrough.get(partition.partition());
            if (through >= 0) {
                offsets.put(partition, new OffsetAndMetadata(through + 1));
            }
        }
        consumer.commitAsync(offsets, (committed, failure) -> {
            if (failure != null) {
                log.debug("could not commit the ledger offsets of {}: {}", replica.hospital(), failure.toString());
            }
        });
        lastCommit = now;
        uncommitted = false;
    }

    private boolean connected() {
        return consumer.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().name().equals("connection-count")
                        && metric.getKey().group().equals("consumer-metrics"))
                .anyMatch(metric -> metric.getValue().metricValue() instanceof Double count && count > 0);
    }

    private void pause(Duration backoff) {
        try {
            stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * The last offset of {@code partition} this follower has read and the replica kept, or -1: every entry up to it
     * is applied, even where the log holds records that are not entries.
     */
    long processedThrough(int partition) {
        return processedThrough.get(partition);
    }

    Replica replica() {
        return replica;
    }

    /** What went wrong in the last round, if it did. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    void stop() {
        running = false;
        stopped.countDown();
        consumer.wakeup();
    }
}
