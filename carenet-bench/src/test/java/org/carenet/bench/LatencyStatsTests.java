package org.carenet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyStatsTests {

    @Test
    void percentilesOfOneToAHundredAreTheirRanks() {
        LatencyStats stats = LatencyStats.of(LongStream.rangeClosed(1, 100).toArray());

        assertThat(stats.count()).isEqualTo(100);
        assertThat(stats.min()).isEqualTo(1);
        assertThat(stats.median()).isEqualTo(50);
        assertThat(stats.p99()).isEqualTo(99);
        assertThat(stats.max()).isEqualTo(100);
        assertThat(stats.percentile(90)).isEqualTo(90);
        assertThat(stats.percentile(99.9)).isEqualTo(100);
    }

    @Test
    void theInputOrderDoesNotMatter() {
        LatencyStats stats = LatencyStats.of(40, 10, 50, 20, 30);

        assertThat(stats.min()).isEqualTo(10);
        assertThat(stats.median()).isEqualTo(30);
        assertThat(stats.max()).isEqualTo(50);
    }

    @Test
    void withFewerThanAHundredValuesTheP99IsTheMaximum() {
        LatencyStats fiveRuns = LatencyStats.of(12_000, 11_000, 15_000, 13_000, 11_500);

        assertThat(fiveRuns.p99()).isEqualTo(15_000).isEqualTo(fiveRuns.max());
        assertThat(fiveRuns.median()).isEqualTo(12_000);
    }

    @Test
    void theMedianOfAnEvenCountIsTheLowerMiddleValueThatWasMeasured() {
        assertThat(LatencyStats.of(1, 2, 3, 4).median()).isEqualTo(2);
    }

    @Test
    void oneValueIsEveryPercentile() {
        LatencyStats stats = LatencyStats.of(7);

        assertThat(List.of(stats.min(), stats.median(), stats.p99(), stats.max()))
                .containsOnly(7L);
    }

    @Test
    void theP99SeesTheSlowestPercentOfAThousand() {
        long[] values = new long[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 989 ? 1_000_000 : 50_000_000;
        }

        LatencyStats stats = LatencyStats.of(values);

        assertThat(stats.median()).isEqualTo(1_000_000);
        assertThat(stats.p99()).isEqualTo(50_000_000);
    }

    @Test
    void theCallersArrayIsLeftAlone() {
        long[] values = {3, 1, 2};

        LatencyStats.of(values);

        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void recordersAreMergedEvenWhenTheyOutgrewTheirFirstCapacity() {
        Latencies first = new Latencies(16);
        for (long value = 1; value <= 100; value++) {
            first.record(value);
        }
        Latencies second = new Latencies(16);
        second.record(1_000);

        LatencyStats merged = LatencyStats.merge(List.of(first, second, new Latencies(16)));

        assertThat(merged.count()).isEqualTo(101);
        assertThat(merged.median()).isEqualTo(51);
        assertThat(merged.max()).isEqualTo(1_000);
    }

    @Test
    void nothingRecordedHasNoPercentiles() {
        LatencyStats empty = LatencyStats.of();

        assertThat(empty.isEmpty()).isTrue();
        assertThatIllegalStateException().isThrownBy(empty::median);
    }

    @Test
    void aPercentileIsBetweenZeroAndAHundred() {
        LatencyStats stats = LatencyStats.of(1, 2, 3);

        assertThatIllegalArgumentException().isThrownBy(() -> stats.percentile(101));
        assertThatIllegalArgumentException().isThrownBy(() -> stats.percentile(-1));
    }
}
