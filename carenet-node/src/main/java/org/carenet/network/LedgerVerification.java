package org.carenet.network;

import java.time.Instant;
import java.util.List;

/**
 * A verification of this hospital's ledger replica: its own history (chain, signatures, outcomes, records) and its
 * agreement with the other hospitals' signed checkpoints.
 *
 * @param consistent the history is intact and no reachable hospital disagrees with it
 * @param entries how many entries of the local history were checked
 * @param problem the first local inconsistency, or null
 * @param peers what each other hospital's checkpoint showed
 */
public record LedgerVerification(boolean consistent, long entries, String problem, Instant at, List<PeerCheck> peers) {

    /**
     * @param reachable whether the hospital's checkpoint could be fetched at all
     * @param agrees the checkpoint is signed by that hospital and matches this replica's history (as far as this
     *     replica got)
     */
    public record PeerCheck(String hospital, boolean reachable, boolean agrees, String problem) {}

    public LedgerVerification {
        peers = List.copyOf(peers);
    }
}
