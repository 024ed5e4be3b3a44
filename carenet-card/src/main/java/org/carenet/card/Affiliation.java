package org.carenet.card;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.carenet.ledger.Canonical;
import org.carenet.ledger.VerifyingKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A physician's statement, signed with their network key, that they work at a hospital since a time, and which
 * encryption key is theirs; the hospital publishes it on the ledger as the value of {@code physician:<id>:<hospital>}.
 * Anyone can check it without trusting whoever showed it: the identifier is derived from the signing key, and the
 * signature covers the rest ({@link #verifies()}).
 */
public record Affiliation(
        String physician,
        String name,
        String hospital,
        Instant since,
        String signingKey,
        String encryptionKey,
        String signature) {

    private static final String SIGNED = "carenet-affiliation-v1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static Affiliation sign(PhysicianIdentity identity, String name, String hospital, Instant since) {
        Affiliation unsigned = new Affiliation(
                identity.id().value(),
                name,
                hospital,
                since,
                identity.signingKey().verifyingKey().toBase64(),
                Base64.getEncoder().encodeToString(identity.encryptionKey().publicKey()),
                null);
        return new Affiliation(
                unsigned.physician,
                name,
                hospital,
                since,
                unsigned.signingKey,
                unsigned.encryptionKey,
                Base64.getEncoder().encodeToString(identity.signingKey().sign(unsigned.signedBytes())));
    }

    byte[] signedBytes() {
        return new Canonical()
                .text(SIGNED)
                .text(physician)
                .text(name)
                .text(hospital)
                .number(since.toEpochMilli())
                .text(signingKey)
                .text(encryptionKey)
                .toBytes();
    }

    /** Whether the key it names signed it, and is the key of the physician it names. */
    public boolean verifies() {
        try {
            VerifyingKey key = VerifyingKey.fromBase64(signingKey);
            return PhysicianId.of(key).value().equals(physician)
                    && key.verifies(signedBytes(), Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /** The physician's X25519 public key, as this statement names it. */
    public byte[] encryptionKeyBytes() {
        return Base64.getDecoder().decode(encryptionKey);
    }

    public String toJson() {
        return JSON.writeValueAsString(Map.of(
                "physician", physician,
                "name", name,
                "hospital", hospital,
                "since", since.toString(),
                "signingKey", signingKey,
                "encryptionKey", encryptionKey,
                "signature", signature));
    }

    /** The statement of a document {@link #toJson()} wrote; empty if it is not one. Its signature is not checked. */
    public static Optional<Affiliation> parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return Optional.of(new Affiliation(
                    node.required("physician").asString(),
                    node.required("name").asString(),
                    node.required("hospital").asString(),
                    Instant.parse(node.required("since").asString()),
                    node.required("signingKey").asString(),
                    node.required("encryptionKey").asString(),
                    node.required("signature").asString()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
