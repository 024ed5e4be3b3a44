package org.carenet.ledger;

import java.util.List;

/**
 * Where a hospital's replica stands against the backend's log.
 *
 * @param partitions per partition: the last position applied here, the last ordered, and the difference
 */
public record LedgerStatus(String backend, HospitalId hospital, List<PartitionStatus> partitions) {

    public record PartitionStatus(int partition, long applied, long ordered) {

        public long lag() {
            return Math.max(0, ordered - applied);
        }
    }

    public LedgerStatus {
        partitions = List.copyOf(partitions);
    }

    /** How far behind the log this replica is, in positions, over all partitions. */
    public long lag() {
        return partitions.stream().mapToLong(PartitionStatus::lag).sum();
    }
}
