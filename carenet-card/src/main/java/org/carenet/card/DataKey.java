package org.carenet.card;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.carenet.ledger.Canonical;

/**
 * The AES-256 key one record is encrypted under. A node never keeps it in the clear: it is stored only wrapped
 * ({@link #wrapFrom}) to the X25519 keys of those who may read the record — the patient, and each physician the
 * patient granted access — so that a copy of the node's database holds ciphertext and wrapped keys, nothing a
 * hospital can open on its own.
 *
 * <p>A wrap is X25519 key agreement between the writer's key and the recipient's ({@link #wrapFrom}): HKDF-SHA256
 * (salted with both public keys, informed by the {@code context}) turns the agreed secret into an AES-256-GCM key,
 * which encrypts the data key bound to the same context; the wrap carries the writer's public key, so it opens with
 * the recipient's private key alone and shows who made it. The context names the record (e.g. its id and patient), so a wrap cannot
 * be moved to another record.
 */
public final class DataKey {

    private static final byte[] WRAP_INFO = "carenet-record-key-wrap-v1".getBytes();
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    /** Looking up a cipher costs more than a short record's encryption: a few are kept for reuse. */
    private static final BlockingQueue<Cipher> CIPHERS = new ArrayBlockingQueue<>(64);

    private static final String HMAC = "HmacSHA256";
    private static final BlockingQueue<Mac> HMACS = new ArrayBlockingQueue<>(64);

    private final byte[] key;

    private DataKey(byte[] key) {
        this.key = key;
    }

    public static DataKey generate(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return new DataKey(key);
    }

    /** Encrypts a record's content, bound to {@code associated} (what the record is). */
    public Ciphertext encrypt(byte[] plain, byte[] associated, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return new Ciphertext(nonce, aes(Cipher.ENCRYPT_MODE, key, nonce, associated, plain));
    }

    /**
     * The content of a record encrypted under this key.
     *
     * @throws IllegalArgumentException if the ciphertext or what it is bound to changed
     */
    public byte[] decrypt(Ciphertext ciphertext, byte[] associated) {
        return aes(Cipher.DECRYPT_MODE, key, ciphertext.nonce(), associated, ciphertext.bytes());
    }

    /**
     * This key wrapped from the holder of {@code sender}'s key to {@code recipient}. The two keys' agreement, which
     * {@code sender} remembers, makes the wrapping key (with the context, so each wrap's key is its own): wrapping many
     * keys between the same two costs one agreement, and only the two of them can have made the wrap. It gives up the
     * forward secrecy of an ephemeral key, which protects nothing here: whoever holds either key reads the record.
     */
    public WrappedKey wrapFrom(Agreements sender, byte[] recipient, byte[] context, SecureRandom random) {
        return wrap(sender.with(recipient), sender.publicKey(), recipient, context, random);
    }

    private WrappedKey wrap(byte[] shared, byte[] senderPublic, byte[] recipient, byte[] context, SecureRandom random) {
        byte[] wrapping = wrappingKey(shared, senderPublic, recipient, context);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            return new WrappedKey(senderPublic, nonce, aes(Cipher.ENCRYPT_MODE, wrapping, nonce, context, key));
        } finally {
            Arrays.fill(wrapping, (byte) 0);
        }
    }

    /**
     * Unwraps a data key with the recipient's private key.
     *
     * @throws IllegalArgumentException if the wrap is not for this key or context, or was altered
     */
    public static DataKey unwrap(WrappedKey wrapped, EncryptionKey recipient, byte[] context) {
        byte[] shared = agreement(recipient.privateParameters(), wrapped.sender());
        try {
            return unwrap(wrapped, shared, recipient.publicKey(), context);
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    /**
     * Like {@link #unwrap(WrappedKey, EncryptionKey, byte[])}, with the agreements and the keys the recipient
     * remembers.
     */
    public static DataKey unwrap(WrappedKey wrapped, Agreements recipient, byte[] context) {
        return recipient.opened(
                wrapped,
                context,
                () -> unwrap(wrapped, recipient.with(wrapped.sender()), recipient.publicKey(), context));
    }

    private static DataKey unwrap(WrappedKey wrapped, byte[] shared, byte[] recipientPublic, byte[] context) {
        byte[] wrapping = wrappingKey(shared, wrapped.sender(), recipientPublic, context);
        try {
            byte[] key = aes(Cipher.DECRYPT_MODE, wrapping, wrapped.nonce(), context, wrapped.ciphertext());
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("a wrapped data key is " + KEY_BYTES + " bytes");
            }
            return new DataKey(key);
        } finally {
            Arrays.fill(wrapping, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "DataKey[…]";
    }

    /** The X25519 agreement of a private key with another's public key. */
    static byte[] agreement(X25519PrivateKeyParameters own, byte[] otherPublic) {
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(own);
        byte[] shared = new byte[agreement.getAgreementSize()];
        try {
            // Bouncy Castle refuses a low-order point, whose agreement would be all zeros whatever the private key
            agreement.calculateAgreement(publicKey(otherPublic), shared, 0);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("the key is not a usable X25519 public key", e);
        }
        return shared;
    }

    /** The AES key of one wrap: HKDF-SHA256 of the agreement, salted with both public keys, bound to the context. */
    private static byte[] wrappingKey(byte[] shared, byte[] senderPublic, byte[] recipientPublic, byte[] context) {
        byte[] salt = new Canonical().bytes(senderPublic).bytes(recipientPublic).toBytes();
        byte[] info = new Canonical().bytes(WRAP_INFO).bytes(context).toBytes();
        return hkdfSha256(shared, salt, info);
    }

    /**
     * The first 32 bytes HKDF-SHA256 (RFC 5869) derives from {@code secret}: with the JDK's HMAC, which uses the
     * processor's SHA instructions (a pure-Java digest made HKDF a fifth of the cost of writing a visit).
     */
    static byte[] hkdfSha256(byte[] secret, byte[] salt, byte[] info) {
        Mac hmac = HMACS.poll();
        try {
            if (hmac == null) {
                hmac = Mac.getInstance(HMAC);
            }
            hmac.init(new SecretKeySpec(salt, HMAC));
            byte[] pseudoRandom = hmac.doFinal(secret);
            try {
                hmac.init(new SecretKeySpec(pseudoRandom, HMAC));
            } finally {
                Arrays.fill(pseudoRandom, (byte) 0);
            }
            hmac.update(info);
            hmac.update((byte) 1);
            byte[] key = hmac.doFinal();
            HMACS.offer(hmac);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static X25519PublicKeyParameters publicKey(byte[] encoded) {
        if (encoded == null || encoded.length != X25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an X25519 public key is 32 bytes");
        }
        return new X25519PublicKeyParameters(encoded, 0);
    }

    private static byte[] aes(int mode, byte[] key, byte[] nonce, byte[] associated, byte[] input) {
        try {
            Cipher cipher = CIPHERS.poll();
            if (cipher == null) {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
            }
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(associated);
            byte[] output = cipher.doFinal(input);
            // initialised afresh by each use; kept only after one that ended normally
            CIPHERS.offer(cipher);
            return output;
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("the ciphertext does not open under this key and context", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
