package org.carenet.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    private static final String TOPIC = "ledger";
    private static final int PARTITIONS = 3;

    @TempDir
    Path data;

    @Test
    void brokerAcceptsAndDeliversRecords() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data.resolve("kafka"))) {
            createTopic(broker);
            List<String> sent = produce(broker, 100);

            assertThat(consumeAll(broker, sent.size())).containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void brokerKeepsItsRecordsAndClusterIdAcrossRestartsOverTheSameDirectory() throws Exception {
        Path logDirectory = data.resolve("kafka");
        String clusterId;
        List<String> sent;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDirectory)) {
            clusterId = broker.clusterId();
            createTopic(broker);
            sent = produce(broker, 50);
        }

        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(logDirectory)) {
            assertThat(restarted.clusterId()).isEqualTo(clusterId);
            assertThat(consumeAll(restarted, sent.size())).containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    private static void createTopic(EmbeddedKafkaBroker broker) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)))
                    .all()
                    .get();
        }
    }

    private static List<String> produce(EmbeddedKafkaBroker broker, int count) throws Exception {
        List<String> values =
                IntStream.range(0, count).mapToObj(i -> "entry-" + i).toList();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (String value : values) {
                acks.add(producer.send(new ProducerRecord<>(TOPIC, value, value)));
            }
            for (Future<RecordMetadata> ack : acks) {
                assertThat(ack.get().hasOffset()).isTrue();
            }
        }
        return values;
    }

    private static List<String> consumeAll(EmbeddedKafkaBroker broker, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            Set<TopicPartition> partitions =
                    Set.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1), new TopicPartition(TOPIC, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.value());
                }
                return received.size() >= expected;
            });
        }
        return received;
    }
}
