package org.carenet.card;

import java.time.Instant;
import java.util.UUID;
import org.carenet.ledger.Canonical;

/**
 * What a visit's ciphertext and wrapped keys are bound to, the same for the node that writes them and for the
 * patient's client that opens them: neither can be moved to another visit, patient, physician, hospital or time.
 */
public final class VisitContexts {

    private VisitContexts() {}

    /** The associated data of a visit's content: which visit, whose, by whom, where and when. */
    public static byte[] content(UUID visit, String patient, String physician, String hospital, Instant visitedAt) {
        return new Canonical()
                .text("carenet-visit-v1")
                .text(visit.toString())
                .text(patient)
                .text(physician)
                .text(hospital)
                .number(visitedAt.toEpochMilli())
                .toBytes();
    }

    /** The context a visit's data key is wrapped in, whoever it is wrapped to. */
    public static byte[] key(UUID visit, String patient) {
        return new Canonical()
                .text("carenet-visit-key-v1")
                .text(visit.toString())
                .text(patient)
                .toBytes();
    }
}
