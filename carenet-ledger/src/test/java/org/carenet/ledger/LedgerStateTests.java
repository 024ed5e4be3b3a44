package org.carenet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carenet.ledger.NetworkFixture.MIRIAM;
import static org.carenet.ledger.NetworkFixture.NEWPORT;
import static org.carenet.ledger.NetworkFixture.RHODE_ISLAND;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LedgerStateTests {

    private final NetworkFixture network = new NetworkFixture();
    private final LedgerState ledger = new LedgerState(network.membership);

    @Test
    void theSeedsStorageSemanticsHoldAcrossHospitals() {
        assertThat(ledger.apply(network.put(RHODE_ISLAND, "patient-1", "card-1"))
                        .applied())
                .isTrue();

        Outcome atMiriam = ledger.apply(network.put(MIRIAM, "patient-1", "card-1"));
        assertThat(atMiriam.kind()).isEqualTo(Outcome.Kind.OWNED_BY_ANOTHER);
        assertThat(atMiriam.owner()).isEqualTo(RHODE_ISLAND);

        assertThat(ledger.apply(network.put(RHODE_ISLAND, "patient-1", "card-1b"))
                        .applied())
                .as("putting again at the owner")
                .isTrue();
        assertThat(ledger.apply(network.transfer(RHODE_ISLAND, "patient-1", MIRIAM))
                        .applied())
                .isTrue();
        assertThat(ledger.get("patient-1", MIRIAM)).isEqualTo(new LedgerState.Lookup(true, "card-1b", MIRIAM, true));
        assertThat(ledger.get("patient-1", RHODE_ISLAND).isOwner()).isFalse();

        assertThat(ledger.apply(network.remove(RHODE_ISLAND, "patient-1")).kind())
                .isEqualTo(Outcome.Kind.NOT_OWNER);
        assertThat(ledger.apply(network.remove(MIRIAM, "patient-1")).applied()).isTrue();
        assertThat(ledger.get("patient-1", MIRIAM).exists()).isFalse();

        assertThat(ledger.apply(network.put(NEWPORT, "patient-1", "card-1")).applied())
                .isTrue();
        assertThat(ledger.apply(network.transfer(NEWPORT, "patient-1", NEWPORT)).kind())
                .isEqualTo(Outcome.Kind.NEW_OWNER_IS_SELF);
        assertThat(ledger.apply(network.transfer(NEWPORT, "patient-1", new HospitalId("nowhere-hospital")))
                        .kind())
                .isEqualTo(Outcome.Kind.UNKNOWN_NEW_OWNER);
        assertThat(ledger.get("patient-1", NEWPORT).owner()).isEqualTo(NEWPORT);
    }

    @Test
    void removingOrTransferringAMissingKeyIsRefused() {
        assertThat(ledger.apply(network.remove(MIRIAM, "nobody")).kind()).isEqualTo(Outcome.Kind.MISSING_KEY);
        assertThat(ledger.apply(network.transfer(MIRIAM, "nobody", NEWPORT)).kind())
                .isEqualTo(Outcome.Kind.MISSING_KEY);
    }

    @Test
    void anEntryFromOutsideTheNetworkIsRefusedAndChangesNothing() {
        SigningKey stranger = SigningKey.generate(new SecureRandom());
        Entry forged = Entry.put(stranger, new HospitalId("mallory-clinic"), "patient-1", "x", NetworkFixture.NOW);

        assertThat(ledger.apply(forged).kind()).isEqualTo(Outcome.Kind.UNKNOWN_WRITER);
        assertThat(ledger.snapshot()).isEmpty();
    }

    @Test
    void anEntrySignedWithAnotherMembersKeyIsRefusedAndChangesNothing() {
        Entry impersonation = Entry.put(network.newport, MIRIAM, "patient-1", "x", NetworkFixture.NOW);

        assertThat(ledger.apply(impersonation).kind()).isEqualTo(Outcome.Kind.BAD_SIGNATURE);
        assertThat(ledger.snapshot()).isEmpty();
    }

    @Test
    void anEntryAlteredAfterSigningIsRefused() {
        Entry signed = network.put(MIRIAM, "patient-1", "card");
        Entry altered = new Entry(
                signed.writer(),
                signed.command(),
                "patient-2",
                signed.value(),
                null,
                signed.nonce(),
                signed.writtenAt(),
                signed.signature());

        assertThat(ledger.apply(altered).kind()).isEqualTo(Outcome.Kind.BAD_SIGNATURE);
        assertThat(ledger.snapshot()).isEmpty();
    }

    @Test
    void aReplayedEntryIsRefusedEvenAfterTheStateMovedOn() {
        Entry register = network.put(RHODE_ISLAND, "patient-1", "card");
        ledger.apply(register);
        ledger.apply(network.remove(RHODE_ISLAND, "patient-1"));

        Outcome replay = ledger.apply(register);

        assertThat(replay.kind()).isEqualTo(Outcome.Kind.REPLAYED);
        assertThat(ledger.get("patient-1", RHODE_ISLAND).exists()).isFalse();
    }

    @Test
    void aRefusedEntryReplayedLaterStaysRefused() {
        ledger.apply(network.put(RHODE_ISLAND, "patient-1", "card"));
        Entry refused = network.put(MIRIAM, "patient-1", "card");
        assertThat(ledger.apply(refused).kind()).isEqualTo(Outcome.Kind.OWNED_BY_ANOTHER);
        ledger.apply(network.remove(RHODE_ISLAND, "patient-1"));

        assertThat(ledger.apply(refused).kind()).isEqualTo(Outcome.Kind.REPLAYED);
        assertThat(ledger.get("patient-1", MIRIAM).exists()).isFalse();
    }

    @Test
    void replicasApplyingTheSameOrderAgreeAndEveryRacedKeyHasExactlyOneOwner() {
        List<Entry> log = new ArrayList<>();
        for (int key = 0; key < 200; key++) {
            for (HospitalId hospital : List.of(RHODE_ISLAND, MIRIAM, NEWPORT)) {
                log.add(network.put(hospital, "patient-" + key, "card-" + key));
            }
        }
        Collections.shuffle(log, new Random(42));

        LedgerState first = new LedgerState(network.membership);
        LedgerState second = new LedgerState(network.membership);
        long firstApplied =
                log.stream().filter(entry -> first.apply(entry).applied()).count();
        log.forEach(second::apply);

        assertThat(firstApplied).isEqualTo(200);
        assertThat(first.snapshot()).hasSize(200).isEqualTo(second.snapshot());
    }
}
