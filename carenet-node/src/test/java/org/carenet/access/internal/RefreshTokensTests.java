package org.carenet.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RefreshTokensTests {

    @Test
    void aTokenNamesItsSessionAndHashesToWhatIsStored() {
        UUID session = UUID.randomUUID();
        String token = RefreshTokens.newToken(session);

        RefreshTokens.Parsed parsed = RefreshTokens.parse(token).orElseThrow();

        assertThat(parsed.sessionId()).isEqualTo(session);
        assertThat(parsed.hash()).isEqualTo(RefreshTokens.hash(token));
    }

    @Test
    void twoTokensOfOneSessionDiffer() {
        UUID session = UUID.randomUUID();

        assertThat(RefreshTokens.newToken(session)).isNotEqualTo(RefreshTokens.newToken(session));
    }

    @Test
    void malformedTokensAreRejected() {
        assertThat(RefreshTokens.parse(null)).isEmpty();
        assertThat(RefreshTokens.parse("no-dot")).isEmpty();
        assertThat(RefreshTokens.parse(".secret")).isEmpty();
        assertThat(RefreshTokens.parse("not-a-uuid.secret")).isEmpty();
    }
}
