package org.carenet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carenet.ledger.NetworkFixture.MIRIAM;
import static org.carenet.ledger.NetworkFixture.RHODE_ISLAND;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EntryCodecTests {

    private final NetworkFixture network = new NetworkFixture();

    @Test
    void everyKindOfEntryDecodesToItself() {
        for (Entry entry : new Entry[] {
            network.put(RHODE_ISLAND, "patient-1", "card ✓"),
            network.remove(MIRIAM, "patient-1"),
            network.transfer(RHODE_ISLAND, "patient-1", MIRIAM)
        }) {
            assertThat(Entry.decode(entry.encode())).isEqualTo(entry);
        }
    }

    @Test
    void truncatedOrPaddedBytesAreNotAnEntry() {
        byte[] encoded = network.put(RHODE_ISLAND, "patient-1", "card").encode();
        assertThatThrownBy(() -> Entry.decode(Arrays.copyOf(encoded, encoded.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Entry.decode(Arrays.copyOf(encoded, encoded.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Entry.decode("hello".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyAlwaysLandsInTheSamePartition() {
        assertThat(Partitions.of("patient-1", 16)).isEqualTo(Partitions.of("patient-1", 16));
        assertThat(Partitions.of("patient-1", 1)).isZero();
        assertThat(java.util.stream.IntStream.range(0, 1000)
                        .map(i -> Partitions.of("patient-" + i, 8))
                        .distinct()
                        .count())
                .as("keys spread over every partition")
                .isEqualTo(8);
    }
}
