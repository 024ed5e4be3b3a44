package org.carenet.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.carenet.access.AuditEntry;
import org.junit.jupiter.api.Test;

class AuditChainTests {

    private final Instant at = AuditChain.timestamp(Instant.parse("2026-11-23T10:15:30.123456789Z"));

    @Test
    void entriesAreTimedToTheMicrosecondThatPostgresKeeps() {
        assertThat(at).isEqualTo(Instant.parse("2026-11-23T10:15:30.123456Z"));
    }

    @Test
    void theSameEntryHashesTheSame() {
        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, at, "admin", "ADMIN", "READ"))
                .isEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, at, "admin", "ADMIN", "READ"));
    }

    @Test
    void everyFieldTheSequenceTheTimeAndThePredecessorChangeTheHash() {
        byte[] base = AuditChain.hash(AuditChain.GENESIS, 1, at, "admin", "ADMIN", "READ");

        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, at, "admin", "ADMIN", "DELETE"))
                .isNotEqualTo(base);
        assertThat(AuditChain.hash(AuditChain.GENESIS, 2, at, "admin", "ADMIN", "READ"))
                .isNotEqualTo(base);
        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, at.plusNanos(1000), "admin", "ADMIN", "READ"))
                .isNotEqualTo(base);
        assertThat(AuditChain.hash(base, 1, at, "admin", "ADMIN", "READ")).isNotEqualTo(base);
    }

    @Test
    void movingTextBetweenFieldsChangesTheHash() {
        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, at, "ab", "c"))
                .isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, at, "a", "bc"));
    }

    @Test
    void anAbsentFieldDiffersFromAnEmptyOne() {
        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, at, (String) null))
                .isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, at, ""));
    }

    @Test
    void theTableHasAColumnForEveryHashedFieldBesideSequenceTimeAndHashes() {
        AuditEntry entry =
                new AuditEntry(1, at, "admin", "ADMIN", "READ", "USER", "u1", "SUCCESS", null, "r1", null, null);

        assertThat(AuditChain.content(entry)).hasSize(AuditChain.CONTENT_FIELDS);
        assertThat(AuditRows.COLUMNS.split(",")).hasSize(AuditChain.CONTENT_FIELDS + 4);
    }
}
