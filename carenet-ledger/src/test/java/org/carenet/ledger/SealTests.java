package org.carenet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carenet.ledger.NetworkFixture.MIRIAM;
import static org.carenet.ledger.NetworkFixture.RHODE_ISLAND;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SealTests {

    private final NetworkFixture network = new NetworkFixture();
    private final VerifyingKey rhodeIsland = network.rhodeIsland.verifyingKey();

    private static List<Entry> drafts(int count) {
        List<Entry> drafts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            drafts.add(Entry.draft(RHODE_ISLAND, Entry.Command.PUT, "patient-" + i, "card-" + i, null, Instant.now()));
        }
        return drafts;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 13})
    void everyEntryOfABatchVerifiesOnItsOwn(int size) {
        List<Entry> sealed = Entry.sealAll(network.rhodeIsland, drafts(size));

        for (Entry entry : sealed) {
            assertThat(new SealCheck().verifies(rhodeIsland, entry)).isTrue();
            assertThat(new SealCheck().verifies(rhodeIsland, Entry.decode(entry.encode())))
                    .as("after encoding")
                    .isTrue();
        }
    }

    @Test
    void aChangedEntryOfAVerifiedBatchIsRefused() {
        SealCheck seals = new SealCheck();
        List<Entry> sealed = Entry.sealAll(network.rhodeIsland, drafts(5));
        assertThat(seals.verifies(rhodeIsland, sealed.get(0))).isTrue();

        Entry original = sealed.get(3);
        Entry altered = new Entry(
                original.writer(),
                original.command(),
                original.key(),
                "another card",
                null,
                original.nonce(),
                original.writtenAt(),
                original.signature());
        assertThat(seals.verifies(rhodeIsland, altered)).isFalse();
    }

    @Test
    void aSealMovedToAnotherEntryOfTheBatchIsRefused() {
        SealCheck seals = new SealCheck();
        List<Entry> sealed = Entry.sealAll(network.rhodeIsland, drafts(4));
        assertThat(seals.verifies(rhodeIsland, sealed.get(1))).isTrue();

        assertThat(seals.verifies(
                        rhodeIsland, sealed.get(2).withSignature(sealed.get(1).signature())))
                .isFalse();
    }

    @Test
    void aVerifiedBatchIsStillOnlyItsSignersBatch() {
        SealCheck seals = new SealCheck();
        List<Entry> sealed = Entry.sealAll(network.rhodeIsland, drafts(3));
        assertThat(seals.verifies(rhodeIsland, sealed.get(0))).isTrue();

        assertThat(seals.verifies(network.miriam.verifyingKey(), sealed.get(1))).isFalse();
        Entry claimedByMiriam = new Entry(
                MIRIAM,
                Entry.Command.PUT,
                sealed.get(1).key(),
                sealed.get(1).value(),
                null,
                sealed.get(1).nonce(),
                sealed.get(1).writtenAt(),
                sealed.get(1).signature());
        assertThat(Rules.authenticate(claimedByMiriam, network.membership, seals))
                .map(Outcome::kind)
                .contains(Outcome.Kind.BAD_SIGNATURE);
    }

    @Test
    void malformedSealsAreRefused() {
        Entry entry = Entry.sealAll(network.rhodeIsland, drafts(2)).get(0);
        byte[] seal = entry.signature();
        assertThat(seal).hasSize(64 + 33);

        byte[] badSide = seal.clone();
        badSide[64] = 7;
        byte[] truncated = java.util.Arrays.copyOf(seal, seal.length - 1);
        byte[] pathDropped = java.util.Arrays.copyOf(seal, 64);
        byte[] otherSibling = seal.clone();
        otherSibling[70] ^= 1;

        for (byte[] bad : List.of(badSide, truncated, pathDropped, otherSibling, new byte[0])) {
            assertThat(new SealCheck().verifies(rhodeIsland, entry.withSignature(bad)))
                    .isFalse();
        }
        assertThat(new SealCheck().verifies(rhodeIsland, entry.withSignature(null)))
                .isFalse();
    }
}
