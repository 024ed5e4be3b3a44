package org.carenet.ledger;

import java.util.Optional;

/**
 * The ledger's rules, as pure functions, so that every component that decides — each replica, and the central
 * server of the sql backend — decides alike. The seed's semantics: PUT succeeds if the key is absent or already the
 * writer's; REMOVE and TRANSFER succeed only for the owner; TRANSFER needs a member other than the writer.
 */
public final class Rules {

    private Rules() {}

    /** What an entry does to a key's record: its outcome, and the record afterwards (empty: none). */
    public record Decision(Outcome outcome, Optional<LedgerState.Record> next) {}

    /**
     * Why the entry is not authentic, if it is not: an unknown writer, or a seal that is not the writer's.
     *
     * @param seals the checker of the component that decides, remembering the batches it verified
     */
    public static Optional<Outcome> authenticate(Entry entry, Membership membership, SealCheck seals) {
        return authenticate(entry, membership, seals, false);
    }

    /**
     * As {@link #authenticate(Entry, Membership, SealCheck)}, but trusting the seal when {@code signedHere}: the
     * caller signed this very entry itself.
     */
    static Optional<Outcome> authenticate(Entry entry, Membership membership, SealCheck seals, boolean signedHere) {
        Optional<Membership.Member> writer = membership.member(entry.writer());
        if (writer.isEmpty()) {
            return Optional.of(
                    Outcome.refused(Outcome.Kind.UNKNOWN_WRITER, entry.writer() + " is not a member of the network"));
        }
        if (!signedHere && !seals.verifies(writer.get().key(), entry)) {
            return Optional.of(
                    Outcome.refused(Outcome.Kind.BAD_SIGNATURE, "the signature is not " + entry.writer() + "'s"));
        }
        return Optional.empty();
    }

    /** What an authentic, fresh entry does given the key's current record. */
    public static Decision decide(Entry entry, Optional<LedgerState.Record> current, Membership membership) {
        HospitalId writer = entry.writer();
        switch (entry.command()) {
            case PUT -> {
                if (current.isPresent() && !current.get().owner().equals(writer)) {
                    return new Decision(Outcome.ownedBy(current.get().owner()), current);
                }
                return new Decision(Outcome.success(), Optional.of(new LedgerState.Record(entry.value(), writer)));
            }
            case REMOVE -> {
                Optional<Outcome> refusal = ownerOnly(current, writer);
                if (refusal.isPresent()) {
                    return new Decision(refusal.get(), current);
                }
                return new Decision(Outcome.success(), Optional.empty());
            }
            case TRANSFER -> {
                Optional<Outcome> refusal = ownerOnly(current, writer);
                if (refusal.isPresent()) {
                    return new Decision(refusal.get(), current);
                }
                HospitalId to = entry.newOwner();
                if (to.equals(writer)) {
                    return new Decision(
                            Outcome.refused(Outcome.Kind.NEW_OWNER_IS_SELF, "a key cannot be transferred to its owner"),
                            current);
                }
                if (!membership.contains(to)) {
                    return new Decision(
                            Outcome.refused(Outcome.Kind.UNKNOWN_NEW_OWNER, to + " is not a member of the network"),
                            current);
                }
                return new Decision(
                        Outcome.success(),
                        Optional.of(new LedgerState.Record(current.get().value(), to)));
            }
        }
        throw new IllegalStateException("unknown command " + entry.command());
    }

    private static Optional<Outcome> ownerOnly(Optional<LedgerState.Record> current, HospitalId writer) {
        if (current.isEmpty()) {
            return Optional.of(Outcome.refused(Outcome.Kind.MISSING_KEY, "no such key"));
        }
        if (!current.get().owner().equals(writer)) {
            return Optional.of(new Outcome(
                    Outcome.Kind.NOT_OWNER,
                    current.get().owner(),
                    "the key is owned by " + current.get().owner()));
        }
        return Optional.empty();
    }
}
