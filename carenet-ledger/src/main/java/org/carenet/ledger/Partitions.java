package org.carenet.ledger;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Which ordering partition a key belongs to. Every entry for one key lands in one partition, which is what makes
 * the ledger linearizable per key while partitions are ordered independently. The function is part of the
 * protocol: every hospital, and every backend, must compute the same.
 */
public final class Partitions {

    private Partitions() {}

    public static int of(String key, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("at least one partition, not " + partitions);
        }
        CRC32C crc = new CRC32C();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }
}
