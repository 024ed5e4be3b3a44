package org.carenet.cli.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Membership;
import org.carenet.ledger.MembershipFile;
import org.carenet.ledger.SigningKey;
import org.carenet.ledger.VerifyingKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkIdentityTests {

    @TempDir
    Path data;

    private final Instant monday = Instant.parse("2026-11-23T09:00:00Z");
    private final Instant tuesday = Instant.parse("2026-11-24T09:00:00Z");
    private final List<Hospital> two =
            List.of(Hospital.named("Rhode Island Hospital"), Hospital.named("Miriam Hospital"));

    private Membership membership() {
        return MembershipFile.read(data.resolve(NetworkIdentity.MEMBERSHIP));
    }

    @Test
    void aNewNetworkGetsAnOperatorKeyHospitalKeysAndASignedMembership() {
        Map<String, Object> properties = NetworkIdentity.prepare(data, two, monday);

        Membership membership = membership();
        VerifyingKey operator = VerifyingKey.fromBase64((String) properties.get("carenet.network.operator-key"));
        assertThat(membership.isSignedBy(operator)).isTrue();
        assertThat(membership.version()).isEqualTo(1);
        assertThat(membership.member(new HospitalId("miriam-hospital"))).get().satisfies(miriam -> {
            assertThat(miriam.httpEndpoint()).isEqualTo("http://127.0.0.1:8001");
            assertThat(miriam.grpcEndpoint()).isEqualTo("127.0.0.1:9001");
            assertThat(miriam.key())
                    .isEqualTo(SigningKey.loadOrCreate(
                                    data.resolve("miriam-hospital/keys/ledger-signing.key"), new SecureRandom())
                            .verifyingKey());
        });
    }

    @Test
    void restartingTheSameNetworkKeepsItsMembership() {
        NetworkIdentity.prepare(data, two, monday);

        NetworkIdentity.prepare(data, two, tuesday);

        assertThat(membership().version()).isEqualTo(1);
    }

    @Test
    void addingAHospitalIsTheNextSignedVersionAndKeepsWhenTheOthersJoined() {
        NetworkIdentity.prepare(data, two, monday);
        List<Hospital> three = List.of(two.get(0), two.get(1), Hospital.named("Newport Hospital"));

        NetworkIdentity.prepare(data, three, tuesday);

        Membership membership = membership();
        assertThat(membership.version()).isEqualTo(2);
        assertThat(membership
                        .member(new HospitalId("miriam-hospital"))
                        .orElseThrow()
                        .joined())
                .isEqualTo(monday);
        assertThat(membership
                        .member(new HospitalId("newport-hospital"))
                        .orElseThrow()
                        .joined())
                .isEqualTo(tuesday);
    }

    @Test
    void aMembershipThatTheOperatorDidNotSignIsRefused() throws Exception {
        NetworkIdentity.prepare(data, two, monday);
        Path file = data.resolve(NetworkIdentity.MEMBERSHIP);
        Files.writeString(file, Files.readString(file).replace("Miriam Hospital", "Mallory Hospital"));

        assertThatThrownBy(() -> NetworkIdentity.prepare(data, two, tuesday))
                .hasMessageContaining("not signed by this network's operator");
    }
}
