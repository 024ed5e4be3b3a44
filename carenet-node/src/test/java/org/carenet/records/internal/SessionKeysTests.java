package org.carenet.records.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.carenet.access.AccessProperties;
import org.carenet.card.DataKey;
import org.carenet.card.PatientCard;
import org.carenet.card.PhysicianIdentity;
import org.carenet.ledger.SigningKey;
import org.junit.jupiter.api.Test;

class SessionKeysTests {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionKeys keys =
            new SessionKeys(new AccessProperties(null, Duration.ofHours(8), 0, null, null, null));
    private final UUID session = UUID.randomUUID();
    private final UUID visit = UUID.randomUUID();
    private final DataKey key = DataKey.generate(RANDOM);
    private final byte[] wrap = {1, 2, 3};

    @Test
    void aSessionWithoutKeysRemembersNothing() {
        keys.opened(session, "physician", visit, wrap, key);

        assertThat(keys.opened(session, "physician", visit, wrap)).isEmpty();
        assertThat(keys.identity(session)).isEmpty();
    }

    @Test
    void anOpenedKeyIsRememberedForTheSameWrapOnly() {
        keys.holdIdentity(session, PhysicianIdentity.generate(RANDOM));
        keys.opened(session, "physician", visit, wrap, key);

        assertThat(keys.opened(session, "physician", visit, wrap)).containsSame(key);
        assertThat(keys.opened(session, "physician", visit, new byte[] {1, 2, 4}))
                .as("a wrap replaced or dropped (a revoked grant) is a miss")
                .isEmpty();
        assertThat(keys.opened(session, "another", visit, wrap)).isEmpty();
        assertThat(keys.opened(UUID.randomUUID(), "physician", visit, wrap)).isEmpty();
    }

    @Test
    void aCardThatLeavesTakesTheKeysItOpenedWithIt() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        PatientCard card =
                PatientCard.issue(SigningKey.generate(RANDOM), secret, "Ann Lee", "1", Instant.now(), RANDOM);
        keys.holdIdentity(session, PhysicianIdentity.generate(RANDOM));
        keys.holdCard(session, card);
        keys.opened(session, VisitRows.PATIENT, visit, wrap, key);
        keys.opened(session, "physician", visit, wrap, key);

        keys.forgetCard(session, VisitRows.PATIENT);

        assertThat(keys.card(session)).isEmpty();
        assertThat(keys.opened(session, VisitRows.PATIENT, visit, wrap)).isEmpty();
        assertThat(keys.opened(session, "physician", visit, wrap)).containsSame(key);
        assertThat(keys.identity(session)).isPresent();
    }
}
