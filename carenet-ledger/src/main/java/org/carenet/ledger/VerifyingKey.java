package org.carenet.ledger;

import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 public key, as published in the membership. */
public final class VerifyingKey {

    private final byte[] encoded;
    private final Ed25519PublicKeyParameters key;

    VerifyingKey(byte[] encoded) {
        if (encoded.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, not " + encoded.length);
        }
        this.encoded = encoded.clone();
        this.key = new Ed25519PublicKeyParameters(this.encoded, 0);
    }

    public static VerifyingKey fromBase64(String encoded) {
        return new VerifyingKey(Base64.getDecoder().decode(encoded.strip()));
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(encoded);
    }

    byte[] encoded() {
        return encoded.clone();
    }

    public boolean verifies(byte[] message, byte[] signature) {
        if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifyingKey that && Arrays.equals(encoded, that.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return toBase64();
    }
}
