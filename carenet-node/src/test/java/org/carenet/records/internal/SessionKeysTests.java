package org.carenet.records.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.carenet.access.AccessProperties;
import org.carenet.access.SessionEnded;
import org.carenet.card.PatientCard;
import org.carenet.card.PhysicianIdentity;
import org.carenet.ledger.SigningKey;
import org.junit.jupiter.api.Test;

class SessionKeysTests {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final UUID session = UUID.randomUUID();
    private final PhysicianIdentity identity = PhysicianIdentity.generate(RANDOM);
    private final PatientCard card;

    SessionKeysTests() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        card = PatientCard.issue(SigningKey.generate(RANDOM), secret, "Ann Lee", "1", Instant.now(), RANDOM);
    }

    private static SessionKeys lasting(Duration ttl) {
        return new SessionKeys(new AccessProperties(null, ttl, 0, null, null, null));
    }

    @Test
    void aSessionKeepsItsIdentityAndCardWithTheirAgreementsAndNoOtherSessionSeesThem() {
        SessionKeys keys = lasting(Duration.ofHours(8));
        keys.holdIdentity(session, identity);
        keys.holdCard(session, card);

        assertThat(keys.identity(session)).containsSame(identity);
        assertThat(keys.card(session)).containsSame(card);
        assertThat(keys.heldIdentity(session).orElseThrow().agreements().publicKey())
                .isEqualTo(identity.encryptionKey().publicKey());
        assertThat(keys.heldCard(session).orElseThrow().agreements().publicKey())
                .isEqualTo(card.encryptionKey().publicKey());
        assertThat(keys.identity(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aCardThatLeavesIsForgottenAndTheIdentityStays() {
        SessionKeys keys = lasting(Duration.ofHours(8));
        keys.holdIdentity(session, identity);
        keys.holdCard(session, card);

        keys.forgetCard(session);

        assertThat(keys.card(session)).isEmpty();
        assertThat(keys.identity(session)).containsSame(identity);
    }

    @Test
    void aSessionThatEndsTakesItsKeysWithIt() {
        SessionKeys keys = lasting(Duration.ofHours(8));
        keys.holdIdentity(session, identity);
        keys.holdCard(session, card);

        keys.on(new SessionEnded(session));

        assertThat(keys.identity(session)).isEmpty();
        assertThat(keys.card(session)).isEmpty();
    }

    @Test
    void keysLastNoLongerThanTheSessionCould() {
        SessionKeys keys = lasting(Duration.ZERO);
        keys.holdIdentity(session, identity);

        assertThat(keys.identity(session)).isEmpty();
    }
}
