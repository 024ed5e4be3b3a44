package org.carenet.network;

import java.util.function.Supplier;
import org.carenet.ledger.LedgerUnavailableException;
import org.carenet.platform.ProblemException;
import org.springframework.http.HttpStatus;

/** The network ledger could not order a write or catch up in time: 503, and the caller may try again. */
public final class LedgerUnavailable extends ProblemException {

    LedgerUnavailable(String detail) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "ledger-unavailable", detail);
    }

    /** The result of a ledger call, its unavailability as this problem. */
    public static <T> T available(Supplier<T> call) {
        try {
            return call.get();
        } catch (LedgerUnavailableException e) {
            throw new LedgerUnavailable(e.getMessage());
        }
    }
}
