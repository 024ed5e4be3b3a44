package org.carenet.card;

import java.util.Arrays;
import java.util.Base64;
import org.carenet.ledger.Canonical;

/**
 * A {@link DataKey} wrapped to one recipient's X25519 key: the public key of the one who wrapped it (the other half
 * of the agreement), AES-GCM's nonce and the encrypted key with its tag. {@link #encode()} gives the one byte string
 * it is stored and sent as.
 */
public record WrappedKey(byte[] sender, byte[] nonce, byte[] ciphertext) {

    public WrappedKey {
        if (sender == null || sender.length != 32) {
            throw new IllegalArgumentException("a wrapped key's sender X25519 key is 32 bytes");
        }
        if (nonce == null || nonce.length != 12 || ciphertext == null || ciphertext.length != 48) {
            throw new IllegalArgumentException("a wrapped key is a 12-byte nonce and 48 bytes of ciphertext");
        }
        sender = sender.clone();
        nonce = nonce.clone();
        ciphertext = ciphertext.clone();
    }

    public byte[] encode() {
        return new Canonical().bytes(sender).bytes(nonce).bytes(ciphertext).toBytes();
    }

    /** @throws IllegalArgumentException if {@code encoded} is not what {@link #encode()} writes */
    public static WrappedKey decode(byte[] encoded) {
        Canonical.Reader reader = new Canonical.Reader(encoded);
        WrappedKey wrapped = new WrappedKey(reader.bytes(), reader.bytes(), reader.bytes());
        reader.end();
        return wrapped;
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(encode());
    }

    public static WrappedKey fromBase64(String encoded) {
        return decode(Base64.getDecoder().decode(encoded));
    }

    @Override
    public byte[] sender() {
        return sender.clone();
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
        return other instanceof WrappedKey that
                && Arrays.equals(sender, that.sender)
                && Arrays.equals(nonce, that.nonce)
                && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "WrappedKey[sender=" + Base64.getEncoder().encodeToString(sender) + "]";
    }
}
