package org.carenet.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SigningKeyTests {

    private final byte[] message = "register patient-1 at miriam-hospital".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureVerifiesUnderItsKeyOnlyAndForItsMessageOnly() {
        SigningKey key = SigningKey.generate(new SecureRandom());
        SigningKey other = SigningKey.generate(new SecureRandom());
        byte[] signature = key.sign(message);

        assertThat(key.verifyingKey().verifies(message, signature)).isTrue();
        assertThat(other.verifyingKey().verifies(message, signature)).isFalse();
        assertThat(key.verifyingKey().verifies("register patient-2".getBytes(StandardCharsets.UTF_8), signature))
                .isFalse();
        assertThat(key.verifyingKey().verifies(message, new byte[3])).isFalse();
    }

    @Test
    void keysSurviveTheirTextForm() {
        SigningKey key = SigningKey.generate(new SecureRandom());

        SigningKey restored = SigningKey.fromBase64(key.toBase64());

        assertThat(restored.verifyingKey()).isEqualTo(key.verifyingKey());
        assertThat(VerifyingKey.fromBase64(key.verifyingKey().toBase64())).isEqualTo(key.verifyingKey());
        assertThat(key.verifyingKey().verifies(message, restored.sign(message))).isTrue();
    }

    @Test
    void thePrivateHalfIsNeverPrinted() {
        SigningKey key = SigningKey.generate(new SecureRandom());

        assertThat(key.toString())
                .doesNotContain(key.toBase64())
                .contains(key.verifyingKey().toBase64());
    }
}
