package org.carenet.platform;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on. Each kind has a stable problem {@code type} so that clients can branch on it;
 * the handler turns it into an RFC 9457 problem+json response.
 */
public abstract class ProblemException extends RuntimeException {

    /** The request attribute that holds the detail of the problem a request was answered with, for its audit. */
    public static final String DETAIL_ATTRIBUTE = ProblemException.class.getName() + ".detail";

    private final HttpStatus status;
    private final String kind;
    private final Map<String, Object> properties;

    protected ProblemException(HttpStatus status, String kind, String detail) {
        this(status, kind, detail, Map.of());
    }

    /** With extra members of the problem document, e.g. the hospital that owns a key, for clients to act on. */
    protected ProblemException(HttpStatus status, String kind, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.kind = kind;
        this.properties = Map.copyOf(properties);
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public HttpStatus status() {
        return status;
    }

    /** The stable, kebab-case name of this kind of problem, e.g. {@code account-locked}. */
    public String kind() {
        return kind;
    }
}
