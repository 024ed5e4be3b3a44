package org.carenet.card;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Secret bytes sealed under a password: scrypt derives an AES-256 key from the password, AES-GCM encrypts the bytes
 * and authenticates them together with {@code associated} data (what the secret belongs to, so that a sealed secret
 * cannot be moved to another document). Patient cards seal their private keys this way, physicians their network
 * identity.
 *
 * @param n scrypt's cost, a power of two
 * @param r scrypt's block size
 * @param p scrypt's parallelism
 * @param salt 16 random bytes
 * @param nonce AES-GCM's 12-byte nonce
 * @param ciphertext the sealed bytes with their 16-byte tag
 */
public record PasswordSeal(int n, int r, int p, byte[] salt, byte[] nonce, byte[] ciphertext) {

    /** The name of this protection in documents that carry it. */
    public static final String PROTECTION = "scrypt-aes-256-gcm";

    /** scrypt cost: 2^15 × 8 × 128 bytes = 32 MiB and about a tenth of a second per attempt. */
    static final int N = 1 << 15;

    private static final int R = 8;
    private static final int P = 1;
    /** The most a sealed document may ask of its reader: a forged one must not make opening it a denial of service. */
    static final int MAX_N = 1 << 20;

    public PasswordSeal {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (n < 2 || n > MAX_N || Integer.bitCount(n) != 1 || r < 1 || r > 32 || p < 1 || p > 4) {
            throw new IllegalArgumentException(
                    "scrypt parameters out of bounds (n a power of two up to " + MAX_N + ", r up to 32, p up to 4)");
        }
        if (nonce.length != 12) {
            throw new IllegalArgumentException("an AES-GCM nonce is 12 bytes");
        }
        salt = salt.clone();
        nonce = nonce.clone();
        ciphertext = ciphertext.clone();
    }

    /** Seals {@code plain} under {@code password}, bound to {@code associated}. */
    public static PasswordSeal seal(char[] password, byte[] associated, byte[] plain, SecureRandom random) {
        byte[] salt = new byte[16];
        byte[] nonce = new byte[12];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        return new PasswordSeal(
                N, R, P, salt, nonce, aes(Cipher.ENCRYPT_MODE, password, N, R, P, salt, nonce, associated, plain));
    }

    /**
     * The sealed bytes.
     *
     * @throws CardPasswordException if the password is wrong, or the sealed bytes or what they are bound to changed
     */
    public byte[] open(char[] password, byte[] associated) {
        return aes(Cipher.DECRYPT_MODE, password, n, r, p, salt, nonce, associated, ciphertext);
    }

    /**
     * The seal as a JSON object: {@code {"protection": "scrypt-aes-256-gcm", "scrypt": {"n", "r", "p", "salt"},
     * "nonce", "ciphertext"}}, binary fields in base64.
     */
    public Map<String, Object> fields() {
        Base64.Encoder base64 = Base64.getEncoder();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("protection", PROTECTION);
        fields.put("scrypt", Map.of("n", n, "r", r, "p", p, "salt", base64.encodeToString(salt)));
        fields.put("nonce", base64.encodeToString(nonce));
        fields.put("ciphertext", base64.encodeToString(ciphertext));
        return fields;
    }

    /**
     * The seal of a JSON object written by {@link #fields()}.
     *
     * @throws IllegalArgumentException if it is not one, or asks for scrypt parameters out of bounds
     */
    public static PasswordSeal fromFields(JsonNode fields) {
        try {
            if (!PROTECTION.equals(fields.required("protection").asString())) {
                throw new IllegalArgumentException(
                        "unknown protection '" + fields.path("protection").asString("") + "'");
            }
            JsonNode scrypt = fields.required("scrypt");
            Base64.Decoder base64 = Base64.getDecoder();
            return new PasswordSeal(
                    scrypt.required("n").asInt(),
                    scrypt.required("r").asInt(),
                    scrypt.required("p").asInt(),
                    base64.decode(scrypt.required("salt").asString()),
                    base64.decode(fields.required("nonce").asString()),
                    base64.decode(fields.required("ciphertext").asString()));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a password seal: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordSeal that
                && n == that.n
                && r == that.r
                && p == that.p
                && Arrays.equals(salt, that.salt)
                && Arrays.equals(nonce, that.nonce)
                && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "PasswordSeal[n=" + n + ", r=" + r + ", p=" + p + "]";
    }

    private static byte[] aes(
            int mode,
            char[] password,
            int n,
            int r,
            int p,
            byte[] salt,
            byte[] nonce,
            byte[] associated,
            byte[] input) {
        ByteBuffer passwordBytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] secret = new byte[passwordBytes.remaining()];
        passwordBytes.get(secret);
        byte[] key = SCrypt.generate(secret, salt, n, r, p, 32);
        Arrays.fill(secret, (byte) 0);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(associated);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new CardPasswordException("wrong password, or the sealed keys were altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
