package org.carenet.ledger;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state every replica computes from the ordered entries: which hospital owns each key, with what value. Apply is
 * deterministic — it depends only on the state and the entry — so replicas that apply the same entries in the same
 * order agree, and when two hospitals race to register one key, the one ordered first wins everywhere.
 *
 * <p>The rules are {@link Rules}. Entries that are not authentic (unknown writer, bad signature, replayed nonce) are
 * refused and change nothing.
 *
 * <p>One thread applies; any number may {@link #get} and {@link #record} at the same time.
 */
public final class LedgerState {

    /** A key's current value and owner. */
    public record Record(String value, HospitalId owner) {}

    /** What a hospital sees when it reads a key (the seed's {@code get}). */
    public record Lookup(boolean exists, String value, HospitalId owner, boolean isOwner) {}

    private final Membership membership;
    private final Map<String, Record> records;
    private final Set<String> nonces;
    private final SealCheck seals = new SealCheck();

    public LedgerState(Membership membership) {
        this(membership, Map.of(), Set.of());
    }

    /**
     * The state a replica stored: its records, and the nonces of every entry it applied (as {@link #nonceOf}).
     */
    public LedgerState(Membership membership, Map<String, Record> records, Set<String> nonces) {
        this.membership = membership;
        this.records = new ConcurrentHashMap<>(records);
        this.nonces = new HashSet<>(nonces);
    }

    public Outcome apply(Entry entry) {
        return apply(entry, false);
    }

    /**
     * Applies {@code entry}; {@code signedHere} says this replica's own hospital signed exactly this entry, so its
     * signature needs no check (its writer must still be a member, its nonce fresh).
     */
    Outcome apply(Entry entry, boolean signedHere) {
        Optional<Outcome> forgery = Rules.authenticate(entry, membership, seals, signedHere);
        if (forgery.isPresent()) {
            return forgery.get();
        }
        if (nonces.contains(nonceOf(entry))) {
            return Outcome.refused(Outcome.Kind.REPLAYED, "an entry with nonce " + entry.nonce() + " was applied");
        }
        Rules.Decision decision = Rules.decide(entry, Optional.ofNullable(records.get(entry.key())), membership);
        if (decision.outcome().applied()) {
            restore(entry.key(), decision.next());
        }
        // a refused entry is consumed too: replaying it later must not turn it into a success
        nonces.add(nonceOf(entry));
        return decision.outcome();
    }

    /**
     * What makes an entry unique: its writer (two hospitals drawing the same random nonce do not collide), its key
     * (a replayed entry has the key of the original, so it lands in the same ordering partition and every replica
     * sees the two in the same order) and its nonce.
     */
    public static String nonceOf(Entry entry) {
        return nonceOf(entry.writer(), entry.key(), entry.nonce());
    }

    public static String nonceOf(HospitalId writer, String key, String nonce) {
        return writer.value() + "/" + nonce + "/" + key;
    }

    /** Puts back a record as it was, undoing applied entries whose effects could not be kept. */
    void restore(String key, Optional<Record> previous) {
        if (previous.isPresent()) {
            records.put(key, previous.get());
        } else {
            records.remove(key);
        }
    }

    /** Forgets the nonce of an entry whose application is undone. */
    void forgetNonce(Entry entry) {
        nonces.remove(nonceOf(entry));
    }

    /** The record of {@code key}, if it exists. */
    public Optional<Record> record(String key) {
        return Optional.ofNullable(records.get(key));
    }

    public Lookup get(String key, HospitalId asker) {
        Record record = records.get(key);
        if (record == null) {
            return new Lookup(false, null, null, false);
        }
        return new Lookup(true, record.value(), record.owner(), record.owner().equals(asker));
    }

    /** Every key and its record, for comparing replicas. */
    public Map<String, Record> snapshot() {
        return Map.copyOf(records);
    }
}
