package org.carenet.card;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;
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
    static final String SEALED = "scrypt-aes-256-gcm";
    private static final String PLAIN = "none";

    /** scrypt cost: 2^15 × 8 × 128 bytes = 32 MiB and about a tenth of a second per attempt. */
    private static final int SCRYPT_N = 1 << 15;

    private static final int SCRYPT_R = 8;
    private static final int SCRYPT_P = 1;
    /** The most a card file may ask of its reader: a forged file must not make opening it a denial of service. */
    private static final int SCRYPT_MAX_N = 1 << 20;

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
        Map<String, Object> public_ = new LinkedHashMap<>();
        public_.put("patient", certificate.patient().value());
        public_.put("network", certificate.network().toBase64());
        public_.put("signingKey", certificate.signingKey().toBase64());
        public_.put("encryptionKey", base64(certificate.encryptionKey()));
        public_.put("issuedAt", certificate.issuedAt().toString());
        public_.put("signature", base64(certificate.signature()));
        document.put("certificate", public_);
        byte[] signing = Base64.getDecoder().decode(card.signingKey().toBase64());
        byte[] encryption = card.encryptionKey().toBytes();
        Map<String, Object> secret = new LinkedHashMap<>();
        if (password == null) {
            secret.put("protection", PLAIN);
            secret.put("signingKey", base64(signing));
            secret.put("encryptionKey", base64(encryption));
        } else {
            byte[] salt = random(16);
            byte[] nonce = random(12);
            byte[] plain = new Canonical().bytes(signing).bytes(encryption).toBytes();
            secret.put("protection", SEALED);
            secret.put("scrypt", Map.of("n", SCRYPT_N, "r", SCRYPT_R, "p", SCRYPT_P, "salt", base64(salt)));
            secret.put("nonce", base64(nonce));
            secret.put(
                    "ciphertext",
                    base64(aes(
                            Cipher.ENCRYPT_MODE,
                            password,
                            salt,
                            SCRYPT_N,
                            SCRYPT_R,
                            SCRYPT_P,
                            nonce,
                            certificate,
                            plain)));
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
            JsonNode public_ = document.required("certificate");
            PatientCertificate certificate = new PatientCertificate(
                    new PatientId(public_.required("patient").asString()),
                    VerifyingKey.fromBase64(public_.required("network").asString()),
                    VerifyingKey.fromBase64(public_.required("signingKey").asString()),
                    unbase64(public_.required("encryptionKey").asString()),
                    Instant.parse(public_.required("issuedAt").asString()),
                    unbase64(public_.required("signature").asString()));
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
                JsonNode scrypt = secret.required("scrypt");
                int n = scrypt.required("n").asInt();
                int r = scrypt.required("r").asInt();
                int p = scrypt.required("p").asInt();
                if (n < 2 || n > SCRYPT_MAX_N || Integer.bitCount(n) != 1 || r < 1 || r > 32 || p < 1 || p > 4) {
                    throw new IllegalArgumentException("scrypt parameters out of bounds (n a power of two up to "
                            + SCRYPT_MAX_N + ", r up to 32, p up to 4)");
                }
                byte[] plain = aes(
                        Cipher.DECRYPT_MODE,
                        password,
                        unbase64(scrypt.required("salt").asString()),
                        n,
                        r,
                        p,
                        unbase64(secret.required("nonce").asString()),
                        certificate,
                        unbase64(secret.required("ciphertext").asString()));
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

    private static byte[] aes(
            int mode,
            char[] password,
            byte[] salt,
            int n,
            int r,
            int p,
            byte[] nonce,
            PatientCertificate certificate,
            byte[] input) {
        ByteBuffer passwordBytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] secret = new byte[passwordBytes.remaining()];
        passwordBytes.get(secret);
        byte[] key = SCrypt.generate(secret, salt, n, r, p, 32);
        Arrays.fill(secret, (byte) 0);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(new Canonical()
                    .text(FORMAT)
                    .bytes(certificate.signedBytes())
                    .bytes(certificate.signature())
                    .toBytes());
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new CardPasswordException("wrong password, or the card was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] unbase64(String text) {
        return Base64.getDecoder().decode(text);
    }
}
