package org.carenet.card;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.carenet.ledger.Canonical;

/**
 * A patient's network identifier: the ledger key under which the network records where the patient is registered.
 * Like the seed's uid it is derived from the patient's name and national id, so that the same person gets the same
 * identifier however often a card is issued; unlike the seed's plain SHA-256 it is an HMAC under the network's
 * secret ({@link #derive}), so that nobody without that secret — no hospital, no one with a list of names and ids —
 * can compute or recognise it.
 *
 * @param value 64 lower-case hex digits
 */
public record PatientId(String value) {

    private static final int DIGITS = 64;
    private static final String DERIVED = "carenet-patient-id-v1";

    public PatientId {
        Objects.requireNonNull(value, "value");
        if (!LowerHex.is(value, DIGITS)) {
            throw new IllegalArgumentException("a patient identifier is 64 lower-case hex digits");
        }
    }

    /**
     * The identifier of the person with this name and national id in the network whose secret is
     * {@code networkSecret}. Names compare after Unicode normalisation (NFKC), trimming, collapsing white space and
     * lower-casing; ids after NFKC, dropping white space and hyphens, and upper-casing.
     *
     * @throws IllegalArgumentException if the name or the id is blank, or the secret shorter than 32 bytes
     */
    public static PatientId derive(byte[] networkSecret, String name, String nationalId) {
        if (networkSecret.length < 32) {
            throw new IllegalArgumentException("the network's patient-id secret is at least 32 bytes");
        }
        String normalName = normalizeName(name);
        String normalId = normalizeId(nationalId);
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(networkSecret, "HmacSHA256"));
            byte[] digest = hmac.doFinal(new Canonical()
                    .text(DERIVED)
                    .text(normalName)
                    .text(normalId)
                    .toBytes());
            return new PatientId(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    static String normalizeName(String name) {
        String normal = Normalizer.normalize(Objects.requireNonNullElse(name, ""), Normalizer.Form.NFKC)
                .strip()
                .replaceAll("\\s+", " ")
                .toLowerCase(Locale.ROOT);
        if (normal.isEmpty()) {
            throw new IllegalArgumentException("a patient's name is not blank");
        }
        return normal;
    }

    static String normalizeId(String nationalId) {
        String normal = Normalizer.normalize(Objects.requireNonNullElse(nationalId, ""), Normalizer.Form.NFKC)
                .replaceAll("[\\s-]+", "")
                .toUpperCase(Locale.ROOT);
        if (normal.isEmpty()) {
            throw new IllegalArgumentException("a patient's id is not blank");
        }
        return normal;
    }

    /** Not the name or id: the identifier's first twelve digits, enough to tell cards apart in a listing. */
    public String shortForm() {
        return value.substring(0, 12);
    }

    @Override
    public String toString() {
        return value;
    }
}
