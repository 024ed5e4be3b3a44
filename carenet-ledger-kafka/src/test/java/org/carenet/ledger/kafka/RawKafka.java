package org.carenet.ledger.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka as anyone with access to the brokers uses it, bypassing the ledger: records produced straight to the
 * topic, topics created and copied by hand.
 */
final class RawKafka implements AutoCloseable {

    /** What becomes of one record when a topic is copied: the values to write in its place, none to drop it. */
    interface Rewrite {
        List<byte[]> apply(int partition, long offset, byte[] value);
    }

    private final String bootstrapServers;
    private final KafkaProducer<byte[], byte[]> producer;

    RawKafka(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
    }

    /** Produces {@code value} to {@code partition} of {@code topic}; returns its offset. */
    long produce(String topic, int partition, byte[] value) throws ExecutionException, InterruptedException {
        return producer.send(new ProducerRecord<>(topic, partition, null, value))
                .get()
                .offset();
    }

    void createTopic(String topic, int partitions) throws ExecutionException, InterruptedException {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get();
        }
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Copies every record of {@code from} into the same partition of a new topic {@code to}, rewritten. */
    void copy(String from, String to, int partitions, Rewrite rewrite) throws ExecutionException, InterruptedException {
        createTopic(to, partitions);
        List<TopicPartition> source = IntStream.range(0, partitions)
                .mapToObj(partition -> new TopicPartition(from, partition))
                .toList();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.assign(source);
            consumer.seekToBeginning(source);
            Map<TopicPartition, Long> ends = consumer.endOffsets(source);
            while (source.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    for (byte[] value : rewrite.apply(record.partition(), record.offset(), record.value())) {
                        producer.send(new ProducerRecord<>(to, record.partition(), record.key(), value))
                                .get();
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
