package org.carenet.ledger.grpc;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * A caller's bearer token, sent as {@code authorization: Bearer <token>} on every call. The server side reads it
 * back with {@link #presentedIn}, in the interceptor that authenticates callers.
 */
public final class BearerToken extends CallCredentials {

    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final String SCHEME = "Bearer ";
    /** RFC 6750's token68 characters: what fits in a header without quoting. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private final String token;

    public BearerToken(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("a bearer token is letters, digits and -._~+/ (then any '=')");
        }
        this.token = token;
    }

    @Override
    public void applyRequestMetadata(RequestInfo request, Executor appExecutor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, SCHEME + token);
        applier.apply(headers);
    }

    /** The bearer token a call carries, if its {@code authorization} header has one. */
    public static Optional<String> presentedIn(Metadata headers) {
        String authorization = headers.get(AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return TOKEN.matcher(token).matches() ? Optional.of(token) : Optional.empty();
    }

    /** Never the token itself: this object ends up in logs. */
    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }
}
