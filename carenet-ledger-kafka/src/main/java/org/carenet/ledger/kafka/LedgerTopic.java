package org.carenet.ledger.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.carenet.ledger.LedgerUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's topic, created with the configured partitions when it is missing. A topic that exists with another
 * partition count is refused: keys would map to other partitions than every other hospital's.
 */
final class LedgerTopic {

    private static final Logger log = LoggerFactory.getLogger(LedgerTopic.class);

    private static final Duration METADATA_PAUSE = Duration.ofMillis(50);

    private LedgerTopic() {}

    static void ensure(Admin admin, KafkaLedgerSettings settings) {
        Optional<Integer> existing = partitionCount(admin, settings);
        if (existing.isEmpty()) {
            create(admin, settings);
            existing = awaitPartitionCount(admin, settings);
        }
        int found = existing.orElseThrow(() -> new LedgerUnavailableException("topic " + settings.topic()
                + " was created but the brokers did not describe it within "
                + settings.timeout().toMillis()
                + " ms"));
        if (found != settings.partitions()) {
            throw new IllegalStateException("topic " + settings.topic() + " has " + found
                    + " partitions but the ledger is configured with " + settings.partitions()
                    + ": the partition of a key is part of the protocol, so every hospital and the topic must agree"
                    + " on the count");
        }
    }

    private static void create(Admin admin, KafkaLedgerSettings settings) {
        NewTopic topic = new NewTopic(settings.topic(), settings.partitions(), settings.replicationFactor())
                .configs(Map.of(
                        // the log is the ledger's history: a replica started later replays it from the beginning
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, "-1",
                        TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                                Integer.toString(Math.min(2, settings.replicationFactor())),
                        TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false"));
        try {
            await(admin.createTopics(List.of(topic)).all(), settings);
            log.info(
                    "created ledger topic {} with {} partitions, replication factor {}",
                    settings.topic(),
                    settings.partitions(),
                    settings.replicationFactor());
        } catch (ExecutionException e) {
            // another hospital created it at the same moment: its partition count is checked like any other's
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new LedgerUnavailableException("cannot create topic " + settings.topic(), e.getCause());
            }
        }
    }

    /** A topic just created takes a moment to appear in the brokers' metadata. */
    private static Optional<Integer> awaitPartitionCount(Admin admin, KafkaLedgerSettings settings) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        Optional<Integer> count = partitionCount(admin, settings);
        while (count.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(METADATA_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LedgerUnavailableException("interrupted while waiting for topic " + settings.topic(), e);
            }
            count = partitionCount(admin, settings);
        }
        return count;
    }

    private static Optional<Integer> partitionCount(Admin admin, KafkaLedgerSettings settings) {
        try {
            return Optional.of(await(
                            admin.describeTopics(List.of(settings.topic()))
                                    .topicNameValues()
                                    .get(settings.topic()),
                            settings)
                    .partitions()
                    .size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new LedgerUnavailableException("cannot describe topic " + settings.topic(), e.getCause());
        }
    }

    private static <T> T await(KafkaFuture<T> future, KafkaLedgerSettings settings) throws ExecutionException {
        try {
            return future.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException("interrupted while setting up topic " + settings.topic(), e);
        } catch (TimeoutException e) {
            throw new LedgerUnavailableException(
                    "the brokers at " + settings.bootstrapServers() + " did not answer within "
                            + settings.timeout().toMillis() + " ms",
                    e);
        }
    }
}
