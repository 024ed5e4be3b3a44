package org.carenet.card;

import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * An X25519 private key, a patient's or a physician's: records' data keys are wrapped to its public half
 * ({@link #publicKey()}), so that only its holder opens them. Never logged: {@link #toString()} shows only the public half.
 */
public final class EncryptionKey {

    private final X25519PrivateKeyParameters key;
    /** Computing the public half is a scalar multiplication: once, not at every unwrap. */
    private final byte[] publicKey;

    private EncryptionKey(X25519PrivateKeyParameters key) {
        this.key = key;
        this.publicKey = key.generatePublicKey().getEncoded();
    }

    public static EncryptionKey generate(SecureRandom random) {
        return new EncryptionKey(new X25519PrivateKeyParameters(random));
    }

    /** The key from its 32 bytes, as {@link #toBytes()} gave them. */
    public static EncryptionKey fromBytes(byte[] encoded) {
        if (encoded == null || encoded.length != X25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an X25519 private key is 32 bytes");
        }
        return new EncryptionKey(new X25519PrivateKeyParameters(encoded, 0));
    }

    /** The private key's 32 bytes, to seal them (never to store them in the clear). */
    public byte[] toBytes() {
        return key.getEncoded();
    }

    X25519PrivateKeyParameters privateParameters() {
        return key;
    }

    /** The public half, 32 bytes. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public String toString() {
        return "EncryptionKey[public=" + Base64.getEncoder().encodeToString(publicKey()) + "]";
    }
}
