package org.carenet.ledger;

import java.time.Instant;

/**
 * An entry as a replica applied it: where it stood in the log, what it did, and the chain's hash up to it.
 *
 * @param appliedAt when this replica applied it (not signed: it differs between replicas)
 */
public record Applied(int partition, long position, Entry entry, Outcome outcome, byte[] hash, Instant appliedAt) {

    public Applied {
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }
}
