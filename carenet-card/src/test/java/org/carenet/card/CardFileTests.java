package org.carenet.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.carenet.ledger.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CardFileTests {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    private final SigningKey operator = SigningKey.generate(RANDOM);
    private final byte[] secret = new byte[32];
    private final PatientCard card;

    @TempDir
    Path directory;

    CardFileTests() {
        RANDOM.nextBytes(secret);
        card = PatientCard.issue(
                operator, secret, "Alice Martin", "123456789", Instant.parse("2026-11-25T10:00:00Z"), RANDOM);
    }

    private static void assertSameCard(PatientCard read, PatientCard written) {
        assertThat(read.certificate()).isEqualTo(written.certificate());
        assertThat(read.signingKey().toBase64()).isEqualTo(written.signingKey().toBase64());
        assertThat(read.encryptionKey().publicKey())
                .isEqualTo(written.encryptionKey().publicKey());
    }

    @Test
    void aCardWithoutPasswordReadsBackAsWritten() {
        Path file = directory.resolve("alice.card");
        CardFile.write(card, file, null);

        assertThat(CardFile.isProtected(file)).isFalse();
        assertSameCard(CardFile.read(file, null), card);
        assertThat(CardFile.read(file, null).certificate().isIssuedBy(operator.verifyingKey()))
                .isTrue();
    }

    @Test
    void aProtectedCardOpensWithItsPasswordOnly() throws IOException {
        Path file = directory.resolve("alice.card");
        CardFile.write(card, file, PASSWORD);

        assertThat(CardFile.isProtected(file)).isTrue();
        assertSameCard(CardFile.read(file, PASSWORD), card);
        assertThatThrownBy(() -> CardFile.read(file, "wrong".toCharArray()))
                .isInstanceOf(CardPasswordException.class)
                .hasMessageContaining("wrong password");
        assertThatThrownBy(() -> CardFile.read(file, null))
                .isInstanceOf(CardPasswordException.class)
                .hasMessageContaining("password");
        String text = Files.readString(file);
        assertThat(text).doesNotContain(card.signingKey().toBase64());
    }

    @Test
    void theFileIsTheOwnersAloneAndNeverOverwritten() throws IOException {
        Path file = directory.resolve("cards/alice.card");
        CardFile.write(card, file, null);

        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        PatientCard another = PatientCard.issue(operator, secret, "Bob", "1", Instant.now(), RANDOM);
        assertThatThrownBy(() -> CardFile.write(another, file, null)).hasMessageContaining("exists already");
        assertSameCard(CardFile.read(file, null), card);
        try (var left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void theSealedKeysCannotBeMovedToAnotherCertificate() {
        byte[] sealed = CardFile.encode(card, PASSWORD);
        PatientCard bob = PatientCard.issue(operator, secret, "Bob Stone", "987654321", Instant.now(), RANDOM);
        String bobsCertificate = new String(CardFile.encode(bob, null), StandardCharsets.UTF_8)
                .replaceAll("(?s).*(\"certificate\" : \\{.*?\\}).*", "$1");
        String spliced = new String(sealed, StandardCharsets.UTF_8)
                .replaceAll(
                        "(?s)\"certificate\" : \\{.*?\\}", java.util.regex.Matcher.quoteReplacement(bobsCertificate));
        assertThat(spliced).contains(bob.patient().value());

        assertThatThrownBy(() -> CardFile.decode(spliced.getBytes(StandardCharsets.UTF_8), PASSWORD))
                .isInstanceOf(CardPasswordException.class);
    }

    @Test
    void aCertificateIsBelievedOnlyAsItsOperatorIssuedIt() {
        PatientCertificate certificate = card.certificate();
        assertThat(certificate.isIssuedBy(operator.verifyingKey())).isTrue();
        assertThat(certificate.isIssuedBy(SigningKey.generate(RANDOM).verifyingKey()))
                .isFalse();

        PatientCertificate otherKeys = new PatientCertificate(
                certificate.patient(),
                certificate.network(),
                SigningKey.generate(RANDOM).verifyingKey(),
                certificate.encryptionKey(),
                certificate.issuedAt(),
                certificate.signature());
        assertThat(otherKeys.isIssuedBy(operator.verifyingKey())).isFalse();
    }

    @Test
    void whatIsNotACardIsRefusedWithAReason() {
        assertThatThrownBy(() -> CardFile.decode("{}".getBytes(StandardCharsets.UTF_8), null))
                .hasMessageContaining("not a patient card");
        assertThatThrownBy(() -> CardFile.decode("not json".getBytes(StandardCharsets.UTF_8), null))
                .hasMessageContaining("not a patient card");
        String plain = new String(CardFile.encode(card, null), StandardCharsets.UTF_8);
        String wrongKey = plain.replace(
                Base64.getEncoder().encodeToString(card.encryptionKey().toBytes()),
                Base64.getEncoder()
                        .encodeToString(EncryptionKey.generate(RANDOM).toBytes()));
        assertThatThrownBy(() -> CardFile.decode(wrongKey.getBytes(StandardCharsets.UTF_8), null))
                .hasMessageContaining("not the ones the card's certificate names");
        String greedy = new String(CardFile.encode(card, PASSWORD), StandardCharsets.UTF_8)
                .replace("\"n\" : 32768", "\"n\" : 1073741824");
        assertThatThrownBy(() -> CardFile.decode(greedy.getBytes(StandardCharsets.UTF_8), PASSWORD))
                .hasMessageContaining("scrypt parameters out of bounds");
    }
}
