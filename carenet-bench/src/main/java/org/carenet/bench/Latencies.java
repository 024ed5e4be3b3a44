package org.carenet.bench;

import java.util.Arrays;

/**
 * The durations one client recorded, in nanoseconds. Not thread-safe: each client thread has its own, and they are
 * merged once the clients have finished ({@link LatencyStats#merge}).
 */
final class Latencies {

    private long[] values;
    private int size;

    /** A recorder with room for {@code expected} values before it has to grow. */
    public Latencies(int expected) {
        values = new long[Math.max(expected, 16)];
    }

    public void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = nanos;
    }

    public int size() {
        return size;
    }

    /** Copies the recorded values into {@code target} from {@code position} on; returns the position after them. */
    int copyInto(long[] target, int position) {
        System.arraycopy(values, 0, target, position, size);
        return position + size;
    }
}
