package org.carenet.access.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.carenet.access.AccessProblems;
import org.carenet.access.AccessProperties;
import org.carenet.access.UserId;
import org.carenet.platform.NodeProperties;
import org.springframework.stereotype.Component;

/**
 * Short-lived access tokens: JWTs signed with HMAC-SHA256 under a key that only this node has. The key lives in the
 * node's data directory (owner-only permissions), never in the database or the logs.
 *
 * <p>A token whose signature checked out is remembered until it expires: a client presents the same token on every
 * request for its lifetime, and parsing and checking it again is most of what authenticating a request costs. Only
 * the exact string verified is remembered, and its expiry is checked on every use.
 */
@Component
public class AccessTokens {

    static final String KEY_FILE = "keys/token-signing.key";
    private static final int MAX_REMEMBERED = 20_000;

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final String issuer;
    private final AccessProperties properties;
    private final Clock clock;
    private final Map<String, Claims> verified = new ConcurrentHashMap<>();

    AccessTokens(NodeProperties node, AccessProperties properties, Clock clock) {
        byte[] key = loadOrCreateKey(node.dataDir().resolve(KEY_FILE));
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("the token signing key is unusable", e);
        }
        this.issuer = node.hospitalId();
        this.properties = properties;
        this.clock = clock;
    }

    public record Issued(String token, Instant expiresAt) {}

    public record Claims(UserId userId, UUID sessionId, Instant expiresAt) {}

    public Issued issue(UserId user, UUID sessionId) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.accessTokenTtl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(user.toString())
                .claim("sid", sessionId.toString())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign an access token", e);
        }
        return new Issued(jwt.serialize(), expiresAt);
    }

    /** The token's claims, if it is well-formed, signed by this node, issued by this hospital and not expired. */
    public Claims verify(String token) {
        Claims known = verified.get(token);
        if (known == null) {
            known = checked(token);
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(token, known);
        }
        if (!known.expiresAt().isAfter(clock.instant())) {
            verified.remove(token);
            throw new AccessProblems.Unauthenticated("The access token has expired");
        }
        return known;
    }

    /** Parses the token and checks its signature and issuer; its expiry is the caller's to check. */
    private Claims checked(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AccessProblems.Unauthenticated("The access token is malformed");
        }
        try {
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw new AccessProblems.Unauthenticated("The access token's signature is invalid");
            }
        } catch (JOSEException e) {
            throw new AccessProblems.Unauthenticated("The access token's signature is invalid");
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new AccessProblems.Unauthenticated("The access token was issued by another node");
        }
        Date expiration = claims.getExpirationTime();
        if (expiration == null) {
            throw new AccessProblems.Unauthenticated("The access token has no expiry");
        }
        try {
            return new Claims(
                    new UserId(UUID.fromString(claims.getSubject())),
                    UUID.fromString(claims.getStringClaim("sid")),
                    expiration.toInstant());
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            throw new AccessProblems.Unauthenticated("The access token is malformed");
        }
    }

    private static byte[] loadOrCreateKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardOpenOption.TRUNCATE_EXISTING);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token signing key " + file, e);
        }
    }
}
