package org.carenet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestSignatureTests {

    private static final HospitalId MIRIAM = new HospitalId("miriam-hospital");
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final byte[] BODY = "an entry".getBytes(StandardCharsets.UTF_8);

    private final SigningKey key = SigningKey.generate(new SecureRandom());
    private final RequestSignature signed = RequestSignature.sign(key, MIRIAM, "POST", "/api/entries", NOW, BODY);

    @Test
    void theSignersKeyVerifiesTheRequestItSigned() {
        assertThat(signed.verifies(key.verifyingKey(), "POST", "/api/entries", BODY))
                .isTrue();
    }

    @Test
    void aSignatureCoversMethodPathAndBody() {
        assertThat(signed.verifies(key.verifyingKey(), "GET", "/api/entries", BODY))
                .isFalse();
        assertThat(signed.verifies(key.verifyingKey(), "POST", "/api/entries?after=1", BODY))
                .isFalse();
        assertThat(signed.verifies(key.verifyingKey(), "POST", "/api/entries", "another".getBytes()))
                .isFalse();
    }

    @Test
    void aSignatureCoversTheTimeAndTheSigner() {
        RequestSignature later = RequestSignature.fromHeaders(
                MIRIAM.value(), Long.toString(NOW.toEpochMilli() + 1), signed.signatureHeader());
        assertThat(later.verifies(key.verifyingKey(), "POST", "/api/entries", BODY))
                .isFalse();
        RequestSignature someoneElse =
                RequestSignature.fromHeaders("newport-hospital", signed.timestampHeader(), signed.signatureHeader());
        assertThat(someoneElse.verifies(key.verifyingKey(), "POST", "/api/entries", BODY))
                .isFalse();
    }

    @Test
    void anotherKeyDoesNotVerifyIt() {
        SigningKey other = SigningKey.generate(new SecureRandom());
        assertThat(signed.verifies(other.verifyingKey(), "POST", "/api/entries", BODY))
                .isFalse();
    }

    @Test
    void theHeadersCarryTheSignatureWhole() {
        RequestSignature read =
                RequestSignature.fromHeaders(MIRIAM.value(), signed.timestampHeader(), signed.signatureHeader());
        assertThat(read.at()).isEqualTo(NOW);
        assertThat(read.verifies(key.verifyingKey(), "POST", "/api/entries", BODY))
                .isTrue();
    }

    @Test
    void missingOrMalformedHeadersAreRefusedWithTheReason() {
        assertThatThrownBy(() -> RequestSignature.fromHeaders(MIRIAM.value(), null, "c2ln"))
                .hasMessageContaining("not signed");
        assertThatThrownBy(() -> RequestSignature.fromHeaders(MIRIAM.value(), "yesterday", "c2ln"))
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> RequestSignature.fromHeaders("Not A Slug", "1", "c2ln"))
                .hasMessageContaining("malformed");
    }
}
