package org.carenet.ledger.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.carenet.ledger.HospitalId;

/**
 * How a hospital reaches the ledger's topic.
 *
 * @param bootstrapServers the brokers to connect to first, {@code host:port[,host:port...]}
 * @param topic the ledger's topic, one for the whole network
 * @param partitions how many partitions the topic has. {@link org.carenet.ledger.Partitions#of} maps every key to
 *     one of them, so every hospital must configure the same count, and the topic must have exactly as many
 * @param replicationFactor how many brokers keep each partition when the topic is created here; 1 for the embedded
 *     single broker
 * @param hospital the hospital following the topic; its consumer group is {@link #consumerGroup()}
 * @param linger how long the producer waits for more entries to fill a batch
 * @param batchBytes the producer's largest batch per partition
 * @param timeout how long one client call may take: an append until the broker acknowledged it, creating the topic,
 *     learning where a partition ends
 */
public record KafkaLedgerSettings(
        String bootstrapServers,
        String topic,
        int partitions,
        short replicationFactor,
        HospitalId hospital,
        Duration linger,
        int batchBytes,
        Duration timeout) {

    public static final String DEFAULT_TOPIC = "carenet.ledger";
    /** The seed's {@code SAGAS_NUM_PARTITIONS}. */
    public static final int DEFAULT_PARTITIONS = 16;

    public static final Duration DEFAULT_LINGER = Duration.ofMillis(2);
    public static final int DEFAULT_BATCH_BYTES = 64 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public KafkaLedgerSettings {
        Objects.requireNonNull(hospital, "hospital");
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("the Kafka bootstrap servers are missing");
        }
        if (topic == null || !TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException(
                    "not a Kafka topic name (1 to 249 letters, digits, '.', '_', '-'): " + topic);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("the ledger topic needs at least one partition, not " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("the replication factor is at least 1, not " + replicationFactor);
        }
        if (linger.isNegative() || batchBytes < 1) {
            throw new IllegalArgumentException("linger is not negative and a batch holds at least one byte");
        }
        if (timeout.compareTo(linger) <= 0) {
            throw new IllegalArgumentException("the timeout (" + timeout + ") must exceed the linger (" + linger + ")");
        }
    }

    /** The defaults: topic {@value #DEFAULT_TOPIC}, {@value #DEFAULT_PARTITIONS} partitions, one replica. */
    public static KafkaLedgerSettings of(String bootstrapServers, HospitalId hospital) {
        return new KafkaLedgerSettings(
                bootstrapServers,
                DEFAULT_TOPIC,
                DEFAULT_PARTITIONS,
                (short) 1,
                hospital,
                DEFAULT_LINGER,
                DEFAULT_BATCH_BYTES,
                DEFAULT_TIMEOUT);
    }

    public KafkaLedgerSettings withTopic(String otherTopic) {
        return new KafkaLedgerSettings(
                bootstrapServers, otherTopic, partitions, replicationFactor, hospital, linger, batchBytes, timeout);
    }

    public KafkaLedgerSettings withPartitions(int otherPartitions) {
        return new KafkaLedgerSettings(
                bootstrapServers, topic, otherPartitions, replicationFactor, hospital, linger, batchBytes, timeout);
    }

    public KafkaLedgerSettings withReplicationFactor(short otherReplicationFactor) {
        return new KafkaLedgerSettings(
                bootstrapServers, topic, partitions, otherReplicationFactor, hospital, linger, batchBytes, timeout);
    }

    public KafkaLedgerSettings withLinger(Duration otherLinger) {
        return new KafkaLedgerSettings(
                bootstrapServers, topic, partitions, replicationFactor, hospital, otherLinger, batchBytes, timeout);
    }

    public KafkaLedgerSettings withTimeout(Duration otherTimeout) {
        return new KafkaLedgerSettings(
                bootstrapServers, topic, partitions, replicationFactor, hospital, linger, batchBytes, otherTimeout);
    }

    /**
     * The hospital's consumer group. Its committed offsets only show each hospital's lag (e.g. in {@code
     * kafka-consumer-groups}); a replica resumes from its own stored heads.
     */
    public String consumerGroup() {
        return "carenet-ledger-" + hospital.value();
    }
}
