package org.carenet.card;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.carenet.ledger.Canonical;

/**
 * One party's X25519 key and the agreements it made with others' public keys, remembered: the agreement is the one
 * costly step of a wrap (a scalar multiplication, tens of microseconds), and a physician wraps every visit they write
 * to the same patient, and opens every visit of the same author with the same agreement. The data keys it opened are
 * remembered too, each under the exact wrap and context it came from, so a record read again in the same session
 * costs no key derivation. Held in memory only, for as long as the private key itself is (a session).
 */
public final class Agreements {

    private static final int MAX_REMEMBERED = 10_000;

    private final EncryptionKey own;
    private final Map<ByteBuffer, byte[]> agreed = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, DataKey> opened = new ConcurrentHashMap<>();

    public Agreements(EncryptionKey own) {
        this.own = own;
    }

    /** The public half of this party's key. */
    public byte[] publicKey() {
        return own.publicKey();
    }

    /** The secret this party's key agrees with {@code otherPublic}. */
    byte[] with(byte[] otherPublic) {
        ByteBuffer other = ByteBuffer.wrap(otherPublic.clone());
        byte[] known = agreed.get(other);
        if (known != null) {
            return known;
        }
        byte[] shared = DataKey.agreement(own.privateParameters(), otherPublic);
        if (agreed.size() >= MAX_REMEMBERED) {
            agreed.clear();
        }
        agreed.put(other, shared);
        return shared;
    }

    /**
     * The data key {@code wrapped} holds for {@code context}, opened by {@code unwrap} the first time: a wrap that does
     * not open is not remembered, so it fails every time.
     */
    DataKey opened(WrappedKey wrapped, byte[] context, Supplier<DataKey> unwrap) {
        ByteBuffer which = ByteBuffer.wrap(new Canonical()
                .bytes(wrapped.sender())
                .bytes(wrapped.nonce())
                .bytes(wrapped.ciphertext())
                .bytes(context)
                .toBytes());
        DataKey known = opened.get(which);
        if (known != null) {
            return known;
        }
        DataKey key = unwrap.get();
        if (opened.size() >= MAX_REMEMBERED) {
            opened.clear();
        }
        opened.put(which, key);
        return key;
    }

    @Override
    public String toString() {
        return "Agreements[" + own + ", " + agreed.size() + " agreements, " + opened.size() + " keys remembered]";
    }
}
