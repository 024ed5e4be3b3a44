package org.carenet.card;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.carenet.ledger.Canonical;
import org.carenet.ledger.SigningKey;
import org.carenet.ledger.VerifyingKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A physician's network identity: an Ed25519 signing key (affiliations with hospitals) and an X25519 encryption key
 * (records' data keys are wrapped to it under a patient's grant), the same at every hospital the physician works at.
 * It exists only sealed under the physician's password ({@link #seal}, document format {@value #FORMAT}); a node keeps
 * the sealed document and opens it for the length of a session when the physician logs in with that password.
 */
public record PhysicianIdentity(SigningKey signingKey, EncryptionKey encryptionKey) {

    public static final String FORMAT = "carenet-physician-identity/1";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BYTES = 16 * 1024;

    public PhysicianIdentity {
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(encryptionKey, "encryptionKey");
    }

    public static PhysicianIdentity generate(SecureRandom random) {
        return new PhysicianIdentity(SigningKey.generate(random), EncryptionKey.generate(random));
    }

    public PhysicianId id() {
        return PhysicianId.of(signingKey.verifyingKey());
    }

    /** The public halves, as a sealed document shows them. */
    public record Public(PhysicianId id, VerifyingKey signingKey, byte[] encryptionKey) {

        public Public {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(signingKey, "signingKey");
            if (encryptionKey == null || encryptionKey.length != 32) {
                throw new IllegalArgumentException("an X25519 public key is 32 bytes");
            }
            if (!PhysicianId.of(signingKey).equals(id)) {
                throw new IllegalArgumentException("the identifier " + id + " is not that of the signing key");
            }
            encryptionKey = encryptionKey.clone();
        }

        @Override
        public byte[] encryptionKey() {
            return encryptionKey.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Public that
                    && id.equals(that.id)
                    && signingKey.equals(that.signingKey)
                    && Arrays.equals(encryptionKey, that.encryptionKey);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }
    }

    public Public publicHalves() {
        return new Public(id(), signingKey.verifyingKey(), encryptionKey.publicKey());
    }

    /** The identity as a document, its private keys sealed under {@code password}. */
    public String seal(char[] password, SecureRandom random) {
        Public halves = publicHalves();
        byte[] signing = Base64.getDecoder().decode(signingKey.toBase64());
        byte[] encryption = encryptionKey.toBytes();
        byte[] plain = new Canonical().bytes(signing).bytes(encryption).toBytes();
        PasswordSeal seal = PasswordSeal.seal(password, associated(halves), plain, random);
        Arrays.fill(signing, (byte) 0);
        Arrays.fill(encryption, (byte) 0);
        Arrays.fill(plain, (byte) 0);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("physician", halves.id().value());
        document.put("signingKey", halves.signingKey().toBase64());
        document.put("encryptionKey", base64(halves.encryptionKey()));
        document.put("privateKeys", seal.fields());
        return JSON.writeValueAsString(document);
    }

    /**
     * The public halves a sealed document claims, without opening it.
     *
     * @throws IllegalArgumentException if it is not a sealed physician identity
     */
    public static Public publicHalvesOf(String document) {
        JsonNode node = document(document);
        try {
            return new Public(
                    new PhysicianId(node.required("physician").asString()),
                    VerifyingKey.fromBase64(node.required("signingKey").asString()),
                    Base64.getDecoder().decode(node.required("encryptionKey").asString()));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a sealed physician identity: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a sealed identity.
     *
     * @throws CardPasswordException if the password is wrong or the document was altered
     * @throws IllegalArgumentException if it is not a sealed physician identity
     */
    public static PhysicianIdentity open(String document, char[] password) {
        Public halves = publicHalvesOf(document);
        PasswordSeal seal;
        try {
            seal = PasswordSeal.fromFields(document(document).required("privateKeys"));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a sealed physician identity: " + e.getMessage(), e);
        }
        byte[] plain = seal.open(password, associated(halves));
        Canonical.Reader keys = new Canonical.Reader(plain);
        byte[] signing = keys.bytes();
        byte[] encryption = keys.bytes();
        keys.end();
        PhysicianIdentity identity =
                new PhysicianIdentity(SigningKey.fromBase64(base64(signing)), EncryptionKey.fromBytes(encryption));
        Arrays.fill(plain, (byte) 0);
        Arrays.fill(signing, (byte) 0);
        Arrays.fill(encryption, (byte) 0);
        if (!identity.publicHalves().equals(halves)) {
            throw new IllegalArgumentException("the sealed keys are not the ones the document names");
        }
        return identity;
    }

    @Override
    public String toString() {
        return "PhysicianIdentity[" + id() + "]";
    }

    private static byte[] associated(Public halves) {
        return new Canonical()
                .text(FORMAT)
                .text(halves.id().value())
                .text(halves.signingKey().toBase64())
                .bytes(halves.encryptionKey())
                .toBytes();
    }

    private static JsonNode document(String document) {
        if (document == null || document.length() > MAX_BYTES) {
            throw new IllegalArgumentException("not a sealed physician identity: absent or larger than " + MAX_BYTES);
        }
        JsonNode node;
        try {
            node = JSON.readTree(document);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a sealed physician identity: not JSON", e);
        }
        if (!FORMAT.equals(node.path("format").asString(""))) {
            throw new IllegalArgumentException("not a sealed physician identity of format " + FORMAT);
        }
        return node;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
