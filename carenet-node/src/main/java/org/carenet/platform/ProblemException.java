package org.carenet.platform;

import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on. Each kind has a stable problem {@code type} so that clients can branch on it;
 * the handler turns it into an RFC 9457 problem+json response.
 */
public abstract class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String kind;

    protected ProblemException(HttpStatus status, String kind, String detail) {
        super(detail);
        this.status = status;
        this.kind = kind;
    }

    public HttpStatus status() {
        return status;
    }

    /** The stable, kebab-case name of this kind of problem, e.g. {@code account-locked}. */
    public String kind() {
        return kind;
    }
}
