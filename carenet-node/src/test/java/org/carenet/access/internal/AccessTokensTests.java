package org.carenet.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import org.carenet.access.AccessProblems;
import org.carenet.access.AccessProperties;
import org.carenet.access.UserId;
import org.carenet.platform.NodeProperties;
import org.carenet.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokensTests {

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock();
    private final AccessProperties properties = new AccessProperties(Duration.ofMinutes(15), null, 0, null, null, null);

    private AccessTokens tokensOf(String hospital, Path dir) {
        return new AccessTokens(new NodeProperties(hospital, null, dir), properties, clock);
    }

    @Test
    void anIssuedTokenVerifiesToItsUserAndSession() {
        AccessTokens tokens = tokensOf("Miriam Hospital", dataDir);
        UserId user = UserId.random();
        UUID session = UUID.randomUUID();

        AccessTokens.Claims claims = tokens.verify(tokens.issue(user, session).token());

        assertThat(claims.userId()).isEqualTo(user);
        assertThat(claims.sessionId()).isEqualTo(session);
    }

    @Test
    void aTokenExpiresAfterItsLifetime() {
        AccessTokens tokens = tokensOf("Miriam Hospital", dataDir);
        String token = tokens.issue(UserId.random(), UUID.randomUUID()).token();

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));

        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOf(AccessProblems.Unauthenticated.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aTokenAlreadyVerifiedStillExpires() {
        AccessTokens tokens = tokensOf("Miriam Hospital", dataDir);
        String token = tokens.issue(UserId.random(), UUID.randomUUID()).token();
        assertThat(tokens.verify(token)).isNotNull();

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));

        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOf(AccessProblems.Unauthenticated.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aVerifiedTokenWithItsSignatureAlteredIsRejected() {
        AccessTokens tokens = tokensOf("Miriam Hospital", dataDir);
        String token = tokens.issue(UserId.random(), UUID.randomUUID()).token();
        assertThat(tokens.verify(token)).isNotNull();
        char last = token.charAt(token.length() - 2);
        String altered =
                token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);

        assertThatThrownBy(() -> tokens.verify(altered))
                .isInstanceOf(AccessProblems.Unauthenticated.class)
                .hasMessageContaining("signature");
    }

    @Test
    void anotherNodesTokenIsRejected(@TempDir Path otherDir) {
        String foreign = tokensOf("Newport Hospital", otherDir)
                .issue(UserId.random(), UUID.randomUUID())
                .token();

        assertThatThrownBy(() -> tokensOf("Miriam Hospital", dataDir).verify(foreign))
                .isInstanceOf(AccessProblems.Unauthenticated.class)
                .hasMessageContaining("signature");
    }

    @Test
    void theSigningKeyIsKeptAcrossRestartsAndReadableOnlyByItsOwner() throws Exception {
        String token = tokensOf("Miriam Hospital", dataDir)
                .issue(UserId.random(), UUID.randomUUID())
                .token();

        AccessTokens restarted = tokensOf("Miriam Hospital", dataDir);

        assertThat(restarted.verify(token)).isNotNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(AccessTokens.KEY_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void garbageIsRejectedAsMalformed() {
        assertThatThrownBy(() -> tokensOf("Miriam Hospital", dataDir).verify("not.a.token"))
                .isInstanceOf(AccessProblems.Unauthenticated.class);
    }
}
