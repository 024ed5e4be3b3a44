package org.carenet.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DataKeyTests {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] VISIT = "visit 1 of patient p".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_VISIT = "visit 2 of patient p".getBytes(StandardCharsets.UTF_8);

    private final EncryptionKey patient = EncryptionKey.generate(RANDOM);
    private final EncryptionKey physician = EncryptionKey.generate(RANDOM);
    private final byte[] notes = "headache for three days".getBytes(StandardCharsets.UTF_8);
    private final Agreements writer = new Agreements(EncryptionKey.generate(RANDOM));

    @Test
    void theWrappingKeyIsHkdfSha256AsRfc5869DefinesIt() {
        // RFC 5869, appendix A.1 (test case 1): the first 32 bytes of its 42-byte output; wraps made before and
        // after any change of implementation must derive the same keys
        HexFormat hex = HexFormat.of();
        byte[] secret = hex.parseHex("0b".repeat(22));
        byte[] salt = hex.parseHex("000102030405060708090a0b0c");
        byte[] info = hex.parseHex("f0f1f2f3f4f5f6f7f8f9");

        assertThat(hex.formatHex(DataKey.hkdfSha256(secret, salt, info)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
    }

    @Test
    void aRecordOpensWithItsKeyUnwrappedByEachRecipient() {
        DataKey key = DataKey.generate(RANDOM);
        Ciphertext encrypted = key.encrypt(notes, VISIT, RANDOM);
        WrappedKey forPatient = key.wrapFrom(writer, patient.publicKey(), VISIT, RANDOM);
        WrappedKey forPhysician = key.wrapFrom(writer, physician.publicKey(), VISIT, RANDOM);

        assertThat(DataKey.unwrap(forPatient, patient, VISIT).decrypt(encrypted, VISIT))
                .isEqualTo(notes);
        assertThat(DataKey.unwrap(forPhysician, physician, VISIT).decrypt(encrypted, VISIT))
                .isEqualTo(notes);
        assertThat(new String(encrypted.encode(), StandardCharsets.ISO_8859_1)).doesNotContain("headache");
    }

    @Test
    void aWrapFromTheWritersOwnKeyOpensForItsRecipientAndShowsWhoMadeIt() {
        DataKey key = DataKey.generate(RANDOM);
        Agreements writer = new Agreements(physician);
        WrappedKey forPatient = key.wrapFrom(writer, patient.publicKey(), VISIT, RANDOM);
        WrappedKey again = DataKey.generate(RANDOM).wrapFrom(writer, patient.publicKey(), OTHER_VISIT, RANDOM);
        Ciphertext encrypted = key.encrypt(notes, VISIT, RANDOM);

        assertThat(forPatient.sender()).isEqualTo(physician.publicKey());
        assertThat(again.sender()).isEqualTo(physician.publicKey());
        assertThat(DataKey.unwrap(forPatient, patient, VISIT).decrypt(encrypted, VISIT))
                .isEqualTo(notes);
        assertThat(DataKey.unwrap(forPatient, new Agreements(patient), VISIT).decrypt(encrypted, VISIT))
                .isEqualTo(notes);
        assertThatThrownBy(() -> DataKey.unwrap(forPatient, EncryptionKey.generate(RANDOM), VISIT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataKey.unwrap(again, patient, VISIT))
                .as("each wrap is bound to its own record")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrapOpensForItsRecipientOnly() {
        WrappedKey forPatient = DataKey.generate(RANDOM).wrapFrom(writer, patient.publicKey(), VISIT, RANDOM);

        assertThatThrownBy(() -> DataKey.unwrap(forPatient, physician, VISIT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrapCannotBeMovedToAnotherRecord() {
        WrappedKey forPatient = DataKey.generate(RANDOM).wrapFrom(writer, patient.publicKey(), VISIT, RANDOM);

        assertThatThrownBy(() -> DataKey.unwrap(forPatient, patient, OTHER_VISIT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCiphertextCannotBeMovedToAnotherRecordNorAltered() {
        DataKey key = DataKey.generate(RANDOM);
        Ciphertext encrypted = key.encrypt(notes, VISIT, RANDOM);
        byte[] altered = encrypted.bytes();
        altered[0] ^= 1;

        assertThatThrownBy(() -> key.decrypt(encrypted, OTHER_VISIT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> key.decrypt(new Ciphertext(encrypted.nonce(), altered), VISIT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrapWithAnAlteredByteIsRefused() {
        WrappedKey wrapped = DataKey.generate(RANDOM).wrapFrom(writer, patient.publicKey(), VISIT, RANDOM);
        byte[] ciphertext = wrapped.ciphertext();
        ciphertext[5] ^= 1;

        assertThatThrownBy(() ->
                        DataKey.unwrap(new WrappedKey(wrapped.sender(), wrapped.nonce(), ciphertext), patient, VISIT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrapsAndCiphertextsReadBackFromTheirEncoding() {
        DataKey key = DataKey.generate(RANDOM);
        Ciphertext encrypted = key.encrypt(notes, VISIT, RANDOM);
        WrappedKey wrapped = key.wrapFrom(writer, patient.publicKey(), VISIT, RANDOM);

        assertThat(Ciphertext.fromBase64(encrypted.toBase64())).isEqualTo(encrypted);
        assertThat(WrappedKey.fromBase64(wrapped.toBase64())).isEqualTo(wrapped);
        assertThatThrownBy(() -> WrappedKey.decode(encrypted.encode())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrapWhoseSenderKeyIsALowOrderPointIsRefused() {
        WrappedKey wrapped = DataKey.generate(RANDOM).wrapFrom(writer, patient.publicKey(), VISIT, RANDOM);
        WrappedKey lowOrder = new WrappedKey(new byte[32], wrapped.nonce(), wrapped.ciphertext());

        assertThatThrownBy(() -> DataKey.unwrap(lowOrder, patient, VISIT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyRememberedByTheRecipientOpensOnlyTheWrapAndRecordItCameFrom() {
        DataKey key = DataKey.generate(RANDOM);
        Ciphertext encrypted = key.encrypt(notes, VISIT, RANDOM);
        WrappedKey wrapped = key.wrapFrom(writer, patient.publicKey(), VISIT, RANDOM);
        Agreements recipient = new Agreements(patient);
        assertThat(DataKey.unwrap(wrapped, recipient, VISIT).decrypt(encrypted, VISIT))
                .isEqualTo(notes);
        byte[] ciphertext = wrapped.ciphertext();
        ciphertext[5] ^= 1;

        assertThat(DataKey.unwrap(wrapped, recipient, VISIT).decrypt(encrypted, VISIT))
                .as("read again in the same session")
                .isEqualTo(notes);
        assertThatThrownBy(() -> DataKey.unwrap(wrapped, recipient, OTHER_VISIT))
                .as("moved to another record")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataKey.unwrap(
                        new WrappedKey(physician.publicKey(), wrapped.nonce(), wrapped.ciphertext()), recipient, VISIT))
                .as("claiming another sender")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        DataKey.unwrap(new WrappedKey(wrapped.sender(), wrapped.nonce(), ciphertext), recipient, VISIT))
                .as("altered")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
