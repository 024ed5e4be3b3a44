package org.carenet.ledger;

/**
 * An entry at its place in a backend's ordered log: every replica receives the same entries at the same positions
 * of each partition. Positions increase within a partition; they need not be contiguous (a Raft log interleaves its
 * own entries), and the hash chain covers them.
 */
public record Ordered(int partition, long position, Entry entry) {

    public Ordered {
        if (partition < 0 || position < 0) {
            throw new IllegalArgumentException("partition and position are not negative");
        }
    }
}
