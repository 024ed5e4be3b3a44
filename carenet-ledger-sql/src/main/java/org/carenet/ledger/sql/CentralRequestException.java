package org.carenet.ledger.sql;

/** The central server answered a request with an error, or could not be reached. */
public class CentralRequestException extends RuntimeException {

    private final int status;

    CentralRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    CentralRequestException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status the central answered, or 0 if it did not answer. */
    public int status() {
        return status;
    }
}
