package org.carenet.card;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One party's X25519 key and the agreements it made with others' public keys, remembered: the agreement is the one
 * costly step of a wrap (a scalar multiplication, tens of microseconds), and a physician wraps every visit they write
 * to the same patient, and opens every visit of the same author with the same agreement. Held in memory only, for as
 * long as the private key itself is (a session).
 */
public final class Agreements {

    private static final int MAX_REMEMBERED = 10_000;

    private final EncryptionKey own;
    private final Map<ByteBuffer, byte[]> agreed = new ConcurrentHashMap<>();

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

    @Override
    public String toString() {
        return "Agreements[" + own + ", " + agreed.size() + " remembered]";
    }
}
