package org.carenet.ledger;

/** The backend did not order an entry, or the replica did not catch up, in time: the outcome is unknown. */
public class LedgerUnavailableException extends RuntimeException {

    public LedgerUnavailableException(String message) {
        super(message);
    }

    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
