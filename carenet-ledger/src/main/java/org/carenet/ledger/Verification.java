package org.carenet.ledger;

import java.time.Instant;

/**
 * What {@link Replica#verify()} found: whether the stored history is intact and explains the stored state, and if
 * not, the first inconsistency.
 *
 * @param entries how many entries were checked
 * @param problem the first inconsistency, or null
 */
public record Verification(boolean consistent, long entries, String problem, Instant at) {

    static Verification ok(long entries, Instant at) {
        return new Verification(true, entries, null, at);
    }

    static Verification broken(long entries, String problem, Instant at) {
        return new Verification(false, entries, problem, at);
    }
}
