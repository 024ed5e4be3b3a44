package org.carenet.ledger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state every replica computes from the ordered entries: which hospital owns each key, with what value. Apply is
 * deterministic — it depends only on the state and the entry — so replicas that apply the same entries in the same
 * order agree, and when two hospitals race to register one key, the one ordered first wins everywhere.
 *
 * <p>The seed's semantics: PUT succeeds if the key is absent or already the writer's; REMOVE and TRANSFER succeed
 * only for the owner; TRANSFER needs a member other than the writer as new owner. Entries that are not authentic
 * (unknown writer, bad signature, replayed nonce) are refused and change nothing.
 *
 * <p>Not thread-safe: a replica applies its log from one thread.
 */
public final class LedgerState {

    /** A key's current value and owner. */
    public record Record(String value, HospitalId owner) {}

    /** What a hospital sees when it reads a key (the seed's {@code get}). */
    public record Lookup(boolean exists, String value, HospitalId owner, boolean isOwner) {}

    private final Membership membership;
    private final Map<String, Record> records = new HashMap<>();
    private final Set<String> nonces = new HashSet<>();

    public LedgerState(Membership membership) {
        this.membership = membership;
    }

    public Outcome apply(Entry entry) {
        Optional<Membership.Member> writer = membership.member(entry.writer());
        if (writer.isEmpty()) {
            return Outcome.refused(Outcome.Kind.UNKNOWN_WRITER, entry.writer() + " is not a member of the network");
        }
        if (!writer.get().key().verifies(entry.signedBytes(), entry.signature())) {
            return Outcome.refused(Outcome.Kind.BAD_SIGNATURE, "the signature is not " + entry.writer() + "'s");
        }
        if (nonces.contains(nonceOf(entry))) {
            return Outcome.refused(Outcome.Kind.REPLAYED, "an entry with nonce " + entry.nonce() + " was applied");
        }
        Outcome outcome = decide(entry);
        // a refused entry is consumed too: replaying it later must not turn it into a success
        nonces.add(nonceOf(entry));
        return outcome;
    }

    private Outcome decide(Entry entry) {
        Record current = records.get(entry.key());
        HospitalId writer = entry.writer();
        switch (entry.command()) {
            case PUT -> {
                if (current != null && !current.owner().equals(writer)) {
                    return Outcome.ownedBy(current.owner());
                }
                records.put(entry.key(), new Record(entry.value(), writer));
                return Outcome.success();
            }
            case REMOVE -> {
                Optional<Outcome> refusal = ownerOnly(current, writer);
                if (refusal.isPresent()) {
                    return refusal.get();
                }
                records.remove(entry.key());
                return Outcome.success();
            }
            case TRANSFER -> {
                Optional<Outcome> refusal = ownerOnly(current, writer);
                if (refusal.isPresent()) {
                    return refusal.get();
                }
                HospitalId to = entry.newOwner();
                if (to.equals(writer)) {
                    return Outcome.refused(Outcome.Kind.NEW_OWNER_IS_SELF, "a key cannot be transferred to its owner");
                }
                if (!membership.contains(to)) {
                    return Outcome.refused(Outcome.Kind.UNKNOWN_NEW_OWNER, to + " is not a member of the network");
                }
                records.put(entry.key(), new Record(current.value(), to));
                return Outcome.success();
            }
        }
        throw new IllegalStateException("unknown command " + entry.command());
    }

    private static Optional<Outcome> ownerOnly(Record current, HospitalId writer) {
        if (current == null) {
            return Optional.of(Outcome.refused(Outcome.Kind.MISSING_KEY, "no such key"));
        }
        if (!current.owner().equals(writer)) {
            return Optional.of(
                    new Outcome(Outcome.Kind.NOT_OWNER, current.owner(), "the key is owned by " + current.owner()));
        }
        return Optional.empty();
    }

    /** Nonces are the writer's: two hospitals drawing the same random nonce do not collide. */
    private static String nonceOf(Entry entry) {
        return entry.writer().value() + "/" + entry.nonce();
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
