package org.carenet.ledger.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.carenet.ledger.Entry;
import org.carenet.ledger.LedgerLog;
import org.carenet.ledger.LedgerUnavailableException;
import org.carenet.ledger.Partitions;
import org.carenet.ledger.Replica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger ordered by Kafka: one topic, each key's entries in the partition {@link Partitions#of} gives it (set
 * explicitly, never by Kafka's own partitioner), a partition's offsets being the ledger's positions. Every hospital
 * appends with one idempotent producer and follows every partition with one consumer thread into its replica.
 *
 * <p>Kafka orders and keeps; it decides nothing. Anyone able to produce to the topic can add records, and every
 * replica judges them alike: a forged, replayed or misplaced entry is refused, a record that is not an entry is
 * skipped.
 */
public final class KafkaLedgerLog implements LedgerLog {

    private static final int FETCH_MIN_BYTES = 1;
    private static final Duration FETCH_MAX_WAIT = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(KafkaLedgerLog.class);

    private final KafkaLedgerSettings settings;
    private final Admin admin;
    private final Producer<String, byte[]> producer;
    private Follower follower;
    private Thread following;
    private boolean closed;

    private KafkaLedgerLog(KafkaLedgerSettings settings, Admin admin, Producer<String, byte[]> producer) {
        this.settings = settings;
        this.admin = admin;
        this.producer = producer;
    }

    /**
     * Connects to the brokers and makes sure the topic exists with the configured partitions.
     *
     * @throws IllegalStateException if the topic exists with another partition count
     * @throws LedgerUnavailableException if the brokers do not answer in time
     */
    public static KafkaLedgerLog open(KafkaLedgerSettings settings) {
        Admin admin = Admin.create(adminConfig(settings));
        try {
            LedgerTopic.ensure(admin, settings);
            return new KafkaLedgerLog(settings, admin, new KafkaProducer<>(producerConfig(settings)));
        } catch (RuntimeException e) {
            admin.close(settings.timeout());
            throw e;
        }
    }

    @Override
    public String backend() {
        return "kafka";
    }

    @Override
    public int partitions() {
        return settings.partitions();
    }

    public KafkaLedgerSettings settings() {
        return settings;
    }

    /** Completes once the broker acknowledged the entry from all in-sync replicas. */
    @Override
    public CompletableFuture<Void> append(Entry entry) {
        CompletableFuture<Void> appended = new CompletableFuture<>();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                settings.topic(), Partitions.of(entry.key(), settings.partitions()), entry.key(), entry.encode());
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    appended.complete(null);
                } else {
                    appended.completeExceptionally(failure);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            appended.completeExceptionally(e);
        }
        return appended;
    }

    /** Starts the consumer thread feeding {@code replica}; a log follows one replica, once. */
    @Override
    public synchronized void start(Replica replica) {
        if (closed) {
            throw new IllegalStateException("the kafka ledger log of " + settings.hospital() + " is closed");
        }
        if (follower != null) {
            throw new IllegalStateException("the kafka ledger log already feeds the replica of "
                    + follower.replica().hospital());
        }
        if (!replica.hospital().equals(settings.hospital())) {
            throw new IllegalArgumentException("the log is configured for " + settings.hospital()
                    + " but the replica is " + replica.hospital() + "'s");
        }
        if (replica.partitions() != settings.partitions()) {
            throw new IllegalArgumentException(
                    "the replica has " + replica.partitions() + " partitions, the topic " + settings.partitions());
        }
        follower = new Follower(new KafkaConsumer<>(consumerConfig(settings)), replica, settings.topic());
        following = Thread.ofPlatform()
                .name("carenet-ledger-kafka-" + settings.hospital().value())
                .daemon(true)
                .start(follower);
    }

    /**
     * The offset of the partition's last record, from the broker: one round trip. Records the follower skipped (not
     * entries) never move the replica's head, so once the follower has read past them the replica's own head is the
     * last position to wait for.
     */
    @Override
    public long lastPosition(int partition) {
        TopicPartition topicPartition = new TopicPartition(settings.topic(), partition);
        long last;
        try {
            last = admin.listOffsets(Map.of(topicPartition, OffsetSpec.latest()))
                            .partitionResult(topicPartition)
                            .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                            .offset()
                    - 1;
        } catch (ExecutionException | TimeoutException e) {
            throw new LedgerUnavailableException(
                    "cannot learn where partition " + partition + " of topic " + settings.topic() + " ends",
                    e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException("interrupted while asking where partition " + partition + " ends", e);
        }
        Follower current = currentFollower();
        if (current != null && current.processedThrough(partition) >= last) {
            return Math.min(last, current.replica().head(partition).position());
        }
        return last;
    }

    /** Whether the consumer thread runs and its last round went well; see {@link #problem()}. */
    public boolean healthy() {
        return problem().isEmpty();
    }

    /** Why the replica is not being fed, if it is not. */
    public synchronized Optional<String> problem() {
        if (closed) {
            return Optional.of("closed");
        }
        if (follower == null) {
            return Optional.of("not started");
        }
        if (!following.isAlive()) {
            return Optional.of(follower.problem().orElse("the follower thread ended"));
        }
        return follower.problem();
    }

    private synchronized Follower currentFollower() {
        return follower;
    }

    /** Stops the consumer thread, sends what is still buffered, and closes the clients. Closing again does nothing. */
    @Override
    public void close() {
        Follower stopping;
        Thread thread;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = follower;
            thread = following;
        }
        if (stopping != null) {
            stopping.stop();
            try {
                if (!thread.join(settings.timeout())) {
                    log.warn(
                            "the ledger follower of {} did not stop within {}",
                            settings.hospital(),
                            settings.timeout());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(settings.timeout());
        admin.close(settings.timeout());
    }

    private static Map<String, Object> common(KafkaLedgerSettings settings, String role) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, settings.consumerGroup() + "-" + role);
        return config;
    }

    private static Map<String, Object> adminConfig(KafkaLedgerSettings settings) {
        Map<String, Object> config = common(settings, "admin");
        int timeout = (int) settings.timeout().toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        return config;
    }

    private static Map<String, Object> producerConfig(KafkaLedgerSettings settings) {
        Map<String, Object> config = common(settings, "producer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // the most that keeps the order of one producer's entries across retries
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) settings.linger().toMillis());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, settings.batchBytes());
        int timeout = (int) settings.timeout().toMillis();
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        config.put(
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                timeout - (int) settings.linger().toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    private static Map<String, Object> consumerConfig(KafkaLedgerSettings settings) {
        Map<String, Object> config = common(settings, "follower");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // positions come from the replica; a position the log no longer has is an error, never a silent jump
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // what the high watermark covers, as lastPosition reports it; an open transaction must not hold anyone up
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)
                settings.timeout().toMillis());
        // a fetch is answered as soon as anything is there: a lone write is applied at once, and under load batches
        // form by themselves while the replica stores the previous one; an idle follower asks twice a second, not
        // every few milliseconds (with every hospital following every partition, idle fetches add up on the broker)
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FETCH_MAX_WAIT.toMillis());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
