package org.carenet.ledger;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A member hospital's Ed25519 signature over one HTTP request it makes — to the central server of the sql backend,
 * or to another hospital's node (handing over a patient's records): its method, its raw path and query, the time it
 * was made and the SHA-256 of its body, each field length-prefixed so that no two requests sign alike. The receiver
 * accepts a request only from a member, under that member's key, within a clock skew; so a request cannot be forged,
 * altered, or replayed much later (and what it carries is idempotent or nonce-protected besides).
 *
 * @param hospital who signed, from the {@value #HOSPITAL} header
 * @param at when, from the {@value #TIMESTAMP} header (milliseconds since the epoch)
 * @param signature from the {@value #SIGNATURE} header (base64)
 */
public record RequestSignature(HospitalId hospital, Instant at, byte[] signature) {

    public static final String HOSPITAL = "Carenet-Hospital";
    public static final String TIMESTAMP = "Carenet-Timestamp";
    public static final String SIGNATURE = "Carenet-Signature";

    private static final String FORMAT = "carenet-hospital-request-v1";

    public RequestSignature {
        Objects.requireNonNull(hospital, "hospital");
        at = Instant.ofEpochMilli(at.toEpochMilli());
        signature = signature.clone();
    }

    /** Signs a request as {@code hospital} at {@code at}. */
    public static RequestSignature sign(
            SigningKey key, HospitalId hospital, String method, String pathAndQuery, Instant at, byte[] body) {
        return new RequestSignature(hospital, at, key.sign(signedBytes(hospital, method, pathAndQuery, at, body)));
    }

    /**
     * The signature the three headers carry.
     *
     * @throws IllegalArgumentException if one is missing or malformed
     */
    public static RequestSignature fromHeaders(String hospital, String timestamp, String signature) {
        if (hospital == null || timestamp == null || signature == null) {
            throw new IllegalArgumentException("the request is not signed: it needs the headers " + HOSPITAL + ", "
                    + TIMESTAMP + " and " + SIGNATURE);
        }
        try {
            return new RequestSignature(
                    new HospitalId(hospital),
                    Instant.ofEpochMilli(Long.parseLong(timestamp)),
                    Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed request signature headers: " + e.getMessage(), e);
        }
    }

    public String timestampHeader() {
        return Long.toString(at.toEpochMilli());
    }

    public String signatureHeader() {
        return Base64.getEncoder().encodeToString(signature);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Whether {@code key} signed exactly this request. */
    public boolean verifies(VerifyingKey key, String method, String pathAndQuery, byte[] body) {
        return key.verifies(signedBytes(hospital, method, pathAndQuery, at, body), signature);
    }

    /**
     * Why the receiver cannot trust this request, if it cannot: its signer is not a member of {@code membership},
     * it was signed more than {@code skew} from {@code now}, or the signature is not the signer's over this very
     * request.
     */
    public Optional<String> distrust(
            Membership membership, Instant now, Duration skew, String method, String pathAndQuery, byte[] body) {
        Optional<Membership.Member> member = membership.member(hospital);
        if (member.isEmpty()) {
            return Optional.of(hospital + " is not a member of the network");
        }
        if (Duration.between(at, now).abs().compareTo(skew) > 0) {
            return Optional.of("the request was signed at " + at + ", more than " + skew
                    + " from the receiver's clock (" + now + ")");
        }
        if (!verifies(member.get().key(), method, pathAndQuery, body)) {
            return Optional.of("the request signature is not " + hospital + "'s over this request");
        }
        return Optional.empty();
    }

    static byte[] signedBytes(HospitalId hospital, String method, String pathAndQuery, Instant at, byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (String field : new String[] {FORMAT, hospital.value(), method, pathAndQuery}) {
                byte[] encoded = field.getBytes(StandardCharsets.UTF_8);
                out.writeInt(encoded.length);
                out.write(encoded);
            }
            out.writeLong(at.toEpochMilli());
            out.write(sha256(body));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return bytes.toByteArray();
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
