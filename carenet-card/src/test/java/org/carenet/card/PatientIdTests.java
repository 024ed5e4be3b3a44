package org.carenet.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PatientIdTests {

    private static byte[] secret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    private final byte[] network = secret();

    @Test
    void thePersonGetsTheSameIdentifierHoweverTheNameAndIdAreWritten() {
        PatientId alice = PatientId.derive(network, "Alice Martin", "123-45-6789");

        assertThat(PatientId.derive(network, "  alice   MARTIN ", "123 45 6789"))
                .isEqualTo(alice);
        assertThat(PatientId.derive(network, "Alice Martin", "123456789")).isEqualTo(alice);
        assertThat(PatientId.derive(network, "Ａｌｉｃｅ Martin", "123456789"))
                .as("full-width letters, NFKC")
                .isEqualTo(alice);
    }

    @Test
    void anotherPersonOrAnotherNetworkGivesAnotherIdentifier() {
        PatientId alice = PatientId.derive(network, "Alice Martin", "123456789");

        assertThat(PatientId.derive(network, "Alice Martin", "123456780")).isNotEqualTo(alice);
        assertThat(PatientId.derive(network, "Alice Marten", "123456789")).isNotEqualTo(alice);
        assertThat(PatientId.derive(secret(), "Alice Martin", "123456789"))
                .as("the same person in another network")
                .isNotEqualTo(alice);
    }

    @Test
    void theIdentifierRevealsNeitherTheNameNorTheId() {
        PatientId alice = PatientId.derive(network, "Alice Martin", "123456789");

        assertThat(alice.value()).matches("[0-9a-f]{64}").doesNotContain("123456789");
        assertThat(alice.toString()).doesNotContainIgnoringCase("alice");
    }

    @Test
    void aBlankNameOrIdOrAShortSecretIsRefused() {
        assertThatThrownBy(() -> PatientId.derive(network, "  ", "1")).hasMessageContaining("name");
        assertThatThrownBy(() -> PatientId.derive(network, "Alice", " - ")).hasMessageContaining("id");
        assertThatThrownBy(() -> PatientId.derive(new byte[16], "Alice", "1")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new PatientId("ABC")).isInstanceOf(IllegalArgumentException.class);
    }
}
