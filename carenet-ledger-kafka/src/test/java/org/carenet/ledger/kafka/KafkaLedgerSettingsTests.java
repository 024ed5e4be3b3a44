package org.carenet.ledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KafkaLedgerSettingsTests {

    private final KafkaLedgerSettings defaults = KafkaLedgerSettings.of("127.0.0.1:9092", NetworkFixture.MIRIAM);

    @Test
    void theDefaultsAreTheSeedsTopicAndPartitionsOnOneBroker() {
        assertThat(defaults.topic()).isEqualTo("carenet.ledger");
        assertThat(defaults.partitions()).isEqualTo(16);
        assertThat(defaults.replicationFactor()).isEqualTo((short) 1);
    }

    @Test
    void eachHospitalHasAConsumerGroupOfItsOwn() {
        assertThat(defaults.consumerGroup()).isEqualTo("carenet-ledger-miriam-hospital");
    }

    @Test
    void aTopicNameKafkaWouldRefuseIsRefusedUpFront() {
        assertThatThrownBy(() -> defaults.withTopic("carenet ledger"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Kafka topic name");
    }

    @Test
    void aLedgerNeedsAtLeastOnePartition() {
        assertThatThrownBy(() -> defaults.withPartitions(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTimeoutMustLeaveRoomForTheLinger() {
        assertThatThrownBy(() -> defaults.withTimeout(Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must exceed the linger");
    }
}
