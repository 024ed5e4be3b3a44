package org.carenet.network;

import java.time.Instant;
import java.util.List;

/**
 * The network as an operator sees it from this node: its hospitals, what orders the ledger, how far this replica
 * is behind, and the last verification.
 *
 * @param backend the ledger backend's name, or {@code none}
 * @param lag how many ordered entries this replica has not applied yet, over all partitions; -1 if the backend
 *     could not say
 * @param lastVerification null until someone verified
 */
public record NetworkOverview(
        String hospital,
        String backend,
        List<Hospital> hospitals,
        int partitions,
        long lag,
        String lagProblem,
        LedgerVerification lastVerification) {

    public record Hospital(String id, String name, String httpEndpoint, String grpcEndpoint, Instant joined) {}

    public NetworkOverview {
        hospitals = List.copyOf(hospitals);
    }
}
