package org.carenet.ledger;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks entries' seals ({@link Seal}) and remembers the batch roots whose signatures it verified, so that the other
 * entries of a batch cost a few hashes instead of a signature check each. Each checker remembers only what it
 * verified itself: a replica trusts no one else's verification. Thread-safe.
 */
public final class SealCheck {

    /** Roots remembered before the memory starts over; a batch's entries arrive close together. */
    private static final int REMEMBERED = 4096;

    private record Verified(VerifyingKey key, ByteBuffer root, ByteBuffer signature) {}

    private final Map<Verified, Boolean> verified = new ConcurrentHashMap<>();

    /** Whether {@code entry}'s seal is well formed and its signature is {@code key}'s. */
    public boolean verifies(VerifyingKey key, Entry entry) {
        Seal.Claim claim = Seal.open(entry.signedBytes(), entry.signature()).orElse(null);
        if (claim == null) {
            return false;
        }
        Verified seen = new Verified(key, ByteBuffer.wrap(claim.root()), ByteBuffer.wrap(claim.signature()));
        if (verified.containsKey(seen)) {
            return true;
        }
        if (!key.verifies(claim.message(), claim.signature())) {
            return false;
        }
        if (verified.size() >= REMEMBERED) {
            verified.clear();
        }
        verified.put(seen, Boolean.TRUE);
        return true;
    }
}
