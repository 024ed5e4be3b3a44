package org.carenet.ledger;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The last applied position of a partition and the chain's hash up to it. A partition nothing was applied to has
 * position -1 and the genesis hash.
 */
public record Head(int partition, long position, byte[] hash) {

    public Head {
        hash = hash.clone();
    }

    public static Head empty(int partition) {
        return new Head(partition, -1, Chain.GENESIS);
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Head that
                && partition == that.partition
                && position == that.position
                && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(position) * 31 + partition;
    }
}
