package org.carenet.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.carenet.ledger.SigningKey;
import org.junit.jupiter.api.Test;

class ConsentGrantTests {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    private final byte[] secret = new byte[32];
    private final PatientCard alice;
    private final PatientCard bob;
    private final PhysicianId doctor = PhysicianIdentity.generate(RANDOM).id();

    ConsentGrantTests() {
        RANDOM.nextBytes(secret);
        SigningKey operator = SigningKey.generate(RANDOM);
        alice = PatientCard.issue(operator, secret, "Alice Martin", "1", NOW, RANDOM);
        bob = PatientCard.issue(operator, secret, "Bob Stone", "2", NOW, RANDOM);
    }

    @Test
    void aGrantVerifiesUnderThePatientsKeyOnly() {
        ConsentGrant grant = ConsentGrant.sign(
                alice, UUID.randomUUID(), doctor, ConsentGrant.Scope.READ, NOW, NOW.plus(Duration.ofDays(30)));

        assertThat(grant.patient()).isEqualTo(alice.patient());
        assertThat(grant.isSignedBy(alice.certificate().signingKey())).isTrue();
        assertThat(grant.isSignedBy(bob.certificate().signingKey())).isFalse();
    }

    @Test
    void aGrantWithAWiderScopeOrALaterExpiryThanSignedDoesNotVerify() {
        ConsentGrant grant = ConsentGrant.sign(
                alice, UUID.randomUUID(), doctor, ConsentGrant.Scope.READ, NOW, NOW.plus(Duration.ofDays(1)));
        ConsentGrant widened = new ConsentGrant(
                grant.id(),
                grant.patient(),
                grant.physician(),
                ConsentGrant.Scope.READ_WRITE,
                grant.issuedAt(),
                grant.expiresAt(),
                grant.signature());
        ConsentGrant extended = new ConsentGrant(
                grant.id(),
                grant.patient(),
                grant.physician(),
                grant.scope(),
                grant.issuedAt(),
                grant.expiresAt().plus(Duration.ofDays(365)),
                grant.signature());

        assertThat(widened.isSignedBy(alice.certificate().signingKey())).isFalse();
        assertThat(extended.isSignedBy(alice.certificate().signingKey())).isFalse();
    }

    @Test
    void aGrantIsInForceFromItsIssueUntilItsExpiry() {
        ConsentGrant grant = ConsentGrant.sign(
                alice, UUID.randomUUID(), doctor, ConsentGrant.Scope.READ_WRITE, NOW, NOW.plus(Duration.ofHours(1)));

        assertThat(grant.inForceAt(NOW.minusMillis(1))).isFalse();
        assertThat(grant.inForceAt(NOW)).isTrue();
        assertThat(grant.inForceAt(NOW.plus(Duration.ofMinutes(59)))).isTrue();
        assertThat(grant.inForceAt(NOW.plus(Duration.ofHours(1)))).isFalse();
    }

    @Test
    void aGrantThatExpiresBeforeItIsIssuedIsRefused() {
        assertThatThrownBy(() -> ConsentGrant.sign(alice, UUID.randomUUID(), doctor, ConsentGrant.Scope.READ, NOW, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expires after it is issued");
    }
}
