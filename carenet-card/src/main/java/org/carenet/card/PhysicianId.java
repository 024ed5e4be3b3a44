package org.carenet.card;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.carenet.ledger.Canonical;
import org.carenet.ledger.VerifyingKey;

/**
 * A physician's network identifier, the same at every hospital the physician works at: derived from the
 * physician's signing key, so that nobody can claim an identifier without holding its key.
 *
 * @param value 32 lower-case hex digits
 */
public record PhysicianId(String value) {

    private static final int DIGITS = 32;
    private static final String DERIVED = "carenet-physician-id-v1";

    public PhysicianId {
        Objects.requireNonNull(value, "value");
        if (!LowerHex.is(value, DIGITS)) {
            throw new IllegalArgumentException("a physician identifier is 32 lower-case hex digits");
        }
    }

    /** Whether {@code text} has the form of a physician identifier. */
    public static boolean isWellFormed(String text) {
        return LowerHex.is(text, DIGITS);
    }

    /** The identifier of the physician who holds the private half of {@code signingKey}. */
    public static PhysicianId of(VerifyingKey signingKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(new Canonical()
                            .text(DERIVED)
                            .text(signingKey.toBase64())
                            .toBytes());
            return new PhysicianId(HexFormat.of().formatHex(Arrays.copyOf(digest, 16)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
