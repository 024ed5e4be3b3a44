package org.carenet.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.carenet.ledger.SigningKey;
import org.junit.jupiter.api.Test;

class PhysicianIdentityTests {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] PASSWORD = "a physician's long password".toCharArray();

    private final PhysicianIdentity identity = PhysicianIdentity.generate(RANDOM);

    @Test
    void aSealedIdentityOpensWithItsPasswordAsTheSameKeys() {
        String sealed = identity.seal(PASSWORD, RANDOM);

        PhysicianIdentity opened = PhysicianIdentity.open(sealed, PASSWORD);

        assertThat(opened.publicHalves()).isEqualTo(identity.publicHalves());
        assertThat(opened.signingKey().toBase64())
                .isEqualTo(identity.signingKey().toBase64());
        assertThat(PhysicianIdentity.publicHalvesOf(sealed).id()).isEqualTo(identity.id());
        assertThat(sealed).doesNotContain(identity.signingKey().toBase64());
    }

    @Test
    void aWrongPasswordDoesNotOpenIt() {
        String sealed = identity.seal(PASSWORD, RANDOM);

        assertThatThrownBy(() -> PhysicianIdentity.open(sealed, "another password".toCharArray()))
                .isInstanceOf(CardPasswordException.class);
    }

    @Test
    void sealedKeysCannotBeGivenAnotherPhysiciansPublicKeys() {
        String sealed = identity.seal(PASSWORD, RANDOM);
        PhysicianIdentity.Public other = PhysicianIdentity.generate(RANDOM).publicHalves();
        String swapped = sealed.replace(identity.id().value(), other.id().value())
                .replace(
                        identity.signingKey().verifyingKey().toBase64(),
                        other.signingKey().toBase64());

        assertThatThrownBy(() -> PhysicianIdentity.open(swapped, PASSWORD)).isInstanceOf(CardPasswordException.class);
    }

    @Test
    void anIdentifierIsTheSigningKeysAndCannotBeClaimedForAnotherKey() {
        SigningKey key = SigningKey.generate(RANDOM);

        assertThat(PhysicianId.of(key.verifyingKey())).isEqualTo(PhysicianId.of(key.verifyingKey()));
        assertThat(PhysicianId.of(key.verifyingKey())).isNotEqualTo(identity.id());
        assertThatThrownBy(() -> new PhysicianIdentity.Public(
                        identity.id(),
                        key.verifyingKey(),
                        identity.encryptionKey().publicKey()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDocumentOfAnotherFormatIsNotAnIdentity() {
        assertThatThrownBy(() -> PhysicianIdentity.open("{\"format\":\"carenet-patient-card/1\"}", PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a sealed physician identity");
    }
}
