package org.carenet.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import org.carenet.ledger.SigningKey;
import org.junit.jupiter.api.Test;

class PatientLoginTests {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aLoginSignatureCountsForItsHospitalAndChallengeOnly() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        PatientCard card =
                PatientCard.issue(SigningKey.generate(RANDOM), secret, "Alice Martin", "1", Instant.now(), RANDOM);
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        byte[] otherChallenge = challenge.clone();
        otherChallenge[0] ^= 1;

        byte[] signature = PatientLogin.sign(card, "miriam-hospital", challenge);

        assertThat(PatientLogin.verifies(card.certificate(), "miriam-hospital", challenge, signature))
                .isTrue();
        assertThat(PatientLogin.verifies(card.certificate(), "newport-hospital", challenge, signature))
                .isFalse();
        assertThat(PatientLogin.verifies(card.certificate(), "miriam-hospital", otherChallenge, signature))
                .isFalse();
    }
}
