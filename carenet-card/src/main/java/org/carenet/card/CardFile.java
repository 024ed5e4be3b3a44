package org.carenet.card;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.carenet.ledger.Canonical;
import org.carenet.ledger.SigningKey;
import org.carenet.ledger.VerifyingKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A patient card as a file: a JSON document of format {@value #FORMAT}, the certificate in the clear and the private
 * keys either in the clear ({@code "protection": "none"}) or sealed under the card's password ({@value #SEALED}:
 * scrypt derives an AES-256 key from the password, AES-GCM encrypts the two private keys, authenticated together
 * with the certificate, so that neither can be swapped for another card's). The format is documented in the README
 * ("Patient cards"); a future version gets a new format name, and readers refuse names they do not know.
 */
public final class CardFile {

    public static final String FORMAT = "carenet-patient-card/1";
    static final String SEALED = PasswordSeal.PROTECTION;
    private static final String PLAIN = "none";

    private static final int MAX_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CardFile() {}

    /**
     * Writes {@code card} to a new file, readable by its owner only.
     *
     * @param password seals the private keys; null leaves them in the clear
     * @throws IllegalStateException if the file exists: a card is never overwritten
     */
    public static void write(PatientCard card, Path file, char[] password) {
        byte[] document = encode(card, password);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(
                    parent,
                    ".card",
                    ".new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(temporary, document);
                // a link, unlike a rename, never replaces an existing file: the card appears whole or not at all
                Files.createLink(file, temporary);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(file + " exists already; a card is never overwritten", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the card to " + file, e);
        }
    }

    /**
     * The card in {@code file}.
     *
     * @param password the card's password; null for a card without one
     * @throws CardPasswordException if the card needs a password and none or a wrong one was given
     * @throws IllegalArgumentException if the file is not a patient card
     */
    public static PatientCard read(Path file, char[] password) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(
                        file + " is not a patient card: larger than " + MAX_BYTES + " bytes");
            }
            return decode(Files.readAllBytes(file), password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the card " + file, e);
        }
    }

    /** Whether the card in {@code file} is sealed under a password. */
    public static boolean isProtected(Path file) {
        try {
            return SEALED.equals(document(Files.readAllBytes(file))
                    .path("privateKeys")
                    .path("protection")
                    .asString(""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the card " + file, e);
        }
    }

    /** The card as the bytes of its file. */
    public static byte[] encode(PatientCard card, char[] password) {
        PatientCertificate certificate = card.certificate();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("certificate", certificateFields(certificate));
        byte[] signing = Base64.getDecoder().decode(card.signingKey().toBase64());
        byte[] encryption = card.encryptionKey().toBytes();
        Map<String, Object> secret = new LinkedHashMap<>();
        if (password == null) {
            secret.put("protection", PLAIN);
            secret.put("signingKey", base64(signing));
            secret.put("encryptionKey", base64(encryption));
        } else {
            byte[] plain = new Canonical().bytes(signing).bytes(encryption).toBytes();
            secret.putAll(PasswordSeal.seal(password, associated(certificate), plain, RANDOM)
                    .fields());
            Arrays.fill(plain, (byte) 0);
        }
        Arrays.fill(signing, (byte) 0);
        Arrays.fill(encryption, (byte) 0);
        document.put("privateKeys", secret);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
    }

    /** The card of a file's bytes; see {@link #read}. */
    public static PatientCard decode(byte[] bytes, char[] password) {
        JsonNode document = document(bytes);
        try {
            PatientCertificate certificate = certificate(document.required("certificate"));
            JsonNode secret = document.required("privateKeys");
            String protection = secret.required("protection").asString();
            byte[] signing;
            byte[] encryption;
            if (PLAIN.equals(protection)) {
                signing = unbase64(secret.required("signingKey").asString());
                encryption = unbase64(secret.required("encryptionKey").asString());
            } else if (SEALED.equals(protection)) {
                if (password == null) {
                    throw new CardPasswordException("the card is protected by a password; give it");
                }
                PasswordSeal seal = PasswordSeal.fromFields(secret);
                byte[] plain = seal.open(password, associated(certificate));
                Canonical.Reader keys = new Canonical.Reader(plain);
                signing = keys.bytes();
                encryption = keys.bytes();
                keys.end();
                Arrays.fill(plain, (byte) 0);
            } else {
                throw new IllegalArgumentException("unknown protection '" + protection + "'");
            }
            PatientCard card = new PatientCard(
                    certificate, SigningKey.fromBase64(base64(signing)), EncryptionKey.fromBytes(encryption));
            Arrays.fill(signing, (byte) 0);
            Arrays.fill(encryption, (byte) 0);
            return card;
        } catch (JacksonException | DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("not a patient card: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw e instanceof CardPasswordException
                    ? e
                    : new IllegalArgumentException("not a patient card: " + e.getMessage(), e);
        }
    }

    /** A certificate as the JSON object a card holds, and a patient shows a node when logging in. */
    public static Map<String, Object> certificateFields(PatientCertificate certificate) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("patient", certificate.patient().value());
        fields.put("network", certificate.network().toBase64());
        fields.put("signingKey", certificate.signingKey().toBase64());
        fields.put("encryptionKey", base64(certificate.encryptionKey()));
        fields.put("issuedAt", certificate.issuedAt().toString());
        fields.put("signature", base64(certificate.signature()));
        return fields;
    }

    /**
     * The certificate of a JSON object written by {@link #certificateFields}; its signature is not checked here.
     *
     * @throws IllegalArgumentException if a field is missing or malformed
     */
    public static PatientCertificate certificate(JsonNode fields) {
        try {
            return new PatientCertificate(
                    new PatientId(fields.required("patient").asString()),
                    VerifyingKey.fromBase64(fields.required("network").asString()),
                    VerifyingKey.fromBase64(fields.required("signingKey").asString()),
                    unbase64(fields.required("encryptionKey").asString()),
                    Instant.parse(fields.required("issuedAt").asString()),
                    unbase64(fields.required("signature").asString()));
        } catch (JacksonException | DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("not a patient certificate: " + e.getMessage(), e);
        }
    }

    private static JsonNode document(byte[] bytes) {
        JsonNode document;
        try {
            document = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a patient card: not JSON", e);
        }
        String format = document.path("format").asString("");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(
                    "not a patient card of format " + FORMAT + (format.isEmpty() ? "" : " but '" + format + "'"));
        }
        return document;
    }

    /** What the sealed keys are bound to: this format and the certificate they belong to. */
    private static byte[] associated(PatientCertificate certificate) {
        return new Canonical()
                .text(FORMAT)
                .bytes(certificate.signedBytes())
                .bytes(certificate.signature())
                .toBytes();
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] unbase64(String text) {
        return Base64.getDecoder().decode(text);
    }
}
