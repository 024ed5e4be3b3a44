package org.carenet.card;

import java.util.Arrays;
import java.util.Base64;
import org.carenet.ledger.Canonical;

/**
 * A record's content encrypted under its {@link DataKey}: AES-256-GCM's nonce and the ciphertext with its tag.
 * {@link #encode()} gives the one byte string it is stored and sent as.
 */
public record Ciphertext(byte[] nonce, byte[] bytes) {

    public Ciphertext {
        if (nonce == null || nonce.length != 12 || bytes == null || bytes.length < 16) {
            throw new IllegalArgumentException("an AES-GCM ciphertext has a 12-byte nonce and a 16-byte tag");
        }
        nonce = nonce.clone();
        bytes = bytes.clone();
    }

    public byte[] encode() {
        return new Canonical().bytes(nonce).bytes(bytes).toBytes();
    }

    /** @throws IllegalArgumentException if {@code encoded} is not what {@link #encode()} writes */
    public static Ciphertext decode(byte[] encoded) {
        Canonical.Reader reader = new Canonical.Reader(encoded);
        Ciphertext ciphertext = new Ciphertext(reader.bytes(), reader.bytes());
        reader.end();
        return ciphertext;
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(encode());
    }

    public static Ciphertext fromBase64(String encoded) {
        return decode(Base64.getDecoder().decode(encoded));
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ciphertext that && Arrays.equals(nonce, that.nonce) && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Ciphertext[" + bytes.length + " bytes]";
    }
}
