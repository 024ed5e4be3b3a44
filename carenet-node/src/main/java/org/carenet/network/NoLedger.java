package org.carenet.network;

import org.carenet.platform.ProblemException;
import org.springframework.http.HttpStatus;

/** This node runs without a network ledger, so nothing can be asked of one. */
public final class NoLedger extends ProblemException {

    NoLedger() {
        super(
                HttpStatus.SERVICE_UNAVAILABLE,
                "no-ledger",
                "This node runs without a network ledger (carenet.ledger.backend is none, or it is not in a network)");
    }
}
