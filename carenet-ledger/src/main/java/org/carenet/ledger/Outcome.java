package org.carenet.ledger;

/**
 * What applying an entry did. Every replica reaches the same outcome for the same entry at the same position, so
 * the writer learns its result from its own replica.
 *
 * @param owner for {@link Kind#OWNED_BY_ANOTHER}, who owns the key
 */
public record Outcome(Kind kind, HospitalId owner, String detail) {

    public enum Kind {
        /** The entry changed the state. */
        APPLIED,
        /** PUT of a key another hospital owns. */
        OWNED_BY_ANOTHER,
        /** REMOVE or TRANSFER of a key that does not exist. */
        MISSING_KEY,
        /** REMOVE or TRANSFER by a hospital that does not own the key. */
        NOT_OWNER,
        /** TRANSFER to a hospital that is not a member. */
        UNKNOWN_NEW_OWNER,
        /** TRANSFER to the writer itself. */
        NEW_OWNER_IS_SELF,
        /** The writer is not a member of the network: the entry is forged. */
        UNKNOWN_WRITER,
        /** The signature does not verify under the writer's key. */
        BAD_SIGNATURE,
        /** An entry with this nonce was applied before. */
        REPLAYED,
        /** The entry was ordered in another partition than its key's, where it could overtake the key's entries. */
        WRONG_PARTITION;

        /** Whether the entry was refused as not authentic or misplaced (rather than applied or refused by the rules). */
        public boolean isForgery() {
            return this == UNKNOWN_WRITER || this == BAD_SIGNATURE || this == REPLAYED || this == WRONG_PARTITION;
        }
    }

    static Outcome success() {
        return new Outcome(Kind.APPLIED, null, null);
    }

    public static Outcome refused(Kind kind, String detail) {
        return new Outcome(kind, null, detail);
    }

    static Outcome ownedBy(HospitalId owner) {
        return new Outcome(Kind.OWNED_BY_ANOTHER, owner, "the key is registered at " + owner);
    }

    public boolean applied() {
        return kind == Kind.APPLIED;
    }
}
