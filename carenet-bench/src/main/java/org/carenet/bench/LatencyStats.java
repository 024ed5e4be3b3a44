package org.carenet.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Order statistics of recorded durations (nanoseconds). Percentiles use the nearest-rank definition: the
 * <i>p</i>-th percentile is the smallest recorded value that at least <i>p</i>% of the values do not exceed. It is
 * always a value that was really measured, and with fewer than 100 values the 99th percentile is the maximum.
 */
final class LatencyStats {

    private final long[] sorted;

    private LatencyStats(long[] sorted) {
        this.sorted = sorted;
    }

    /** The statistics of {@code nanos}; the array is copied. */
    public static LatencyStats of(long... nanos) {
        long[] copy = nanos.clone();
        Arrays.sort(copy);
        return new LatencyStats(copy);
    }

    /** The statistics of all values recorded by {@code recorders} together. */
    public static LatencyStats merge(Collection<Latencies> recorders) {
        long[] all = new long[recorders.stream().mapToInt(Latencies::size).sum()];
        int position = 0;
        for (Latencies recorder : recorders) {
            position = recorder.copyInto(all, position);
        }
        Arrays.sort(all);
        return new LatencyStats(all);
    }

    public int count() {
        return sorted.length;
    }

    public boolean isEmpty() {
        return sorted.length == 0;
    }

    public long min() {
        return percentile(0);
    }

    public long median() {
        return percentile(50);
    }

    public long p99() {
        return percentile(99);
    }

    public long max() {
        return percentile(100);
    }

    /**
     * The nearest-rank {@code percent}-th percentile, 0 giving the minimum and 100 the maximum.
     *
     * @throws IllegalStateException if nothing was recorded
     */
    public long percentile(double percent) {
        if (percent < 0 || percent > 100 || Double.isNaN(percent)) {
            throw new IllegalArgumentException("a percentile is between 0 and 100, not " + percent);
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no values were recorded");
        }
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
