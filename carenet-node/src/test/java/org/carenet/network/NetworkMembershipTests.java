package org.carenet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Membership;
import org.carenet.ledger.MembershipFile;
import org.carenet.ledger.SigningKey;
import org.carenet.platform.NodeProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkMembershipTests {

    @TempDir
    Path dataDir;

    private final SecureRandom random = new SecureRandom();
    private final SigningKey operator = SigningKey.generate(random);
    private final NodeProperties node = new NodeProperties("Miriam Hospital", null, null);

    private NodeProperties nodeIn(Path directory) {
        return new NodeProperties(node.hospitalName(), node.hospitalId(), directory);
    }

    private Path membershipOf(SigningKey signer, SigningKey memberKey) {
        Membership membership = Membership.signed(
                1,
                List.of(new Membership.Member(
                        new HospitalId("miriam-hospital"),
                        "Miriam Hospital",
                        "http://127.0.0.1:8001",
                        "127.0.0.1:9001",
                        memberKey.verifyingKey(),
                        Instant.parse("2026-11-23T10:00:00Z"))),
                signer);
        Path file = dataDir.resolve("membership.json");
        MembershipFile.write(membership, file);
        return file;
    }

    private SigningKey ownKey() {
        return SigningKey.loadOrCreate(dataDir.resolve(NetworkMembership.LEDGER_KEY_FILE), random);
    }

    @Test
    void aMembershipSignedByTheOperatorListingThisNodesKeyIsAccepted() {
        Path file = membershipOf(operator, ownKey());

        NetworkMembership membership = new NetworkMembership(
                new NetworkProperties(file, operator.verifyingKey().toBase64()), nodeIn(dataDir));

        assertThat(membership.current()).get().extracting(Membership::version).isEqualTo(1L);
    }

    @Test
    void aMembershipSignedBySomeoneElseStopsTheNode() {
        Path file = membershipOf(SigningKey.generate(random), ownKey());

        assertThatThrownBy(() -> new NetworkMembership(
                        new NetworkProperties(file, operator.verifyingKey().toBase64()), nodeIn(dataDir)))
                .hasMessageContaining("not signed by the network operator");
    }

    @Test
    void aMembershipListingAnotherKeyForThisHospitalStopsTheNode() {
        ownKey();
        Path file = membershipOf(operator, SigningKey.generate(random));

        assertThatThrownBy(() -> new NetworkMembership(
                        new NetworkProperties(file, operator.verifyingKey().toBase64()), nodeIn(dataDir)))
                .hasMessageContaining("another ledger key");
    }

    @Test
    void aNodeWithoutAMembershipStartsAloneWithItsOwnLedgerKey() {
        NetworkMembership membership = new NetworkMembership(new NetworkProperties(Path.of(""), null), nodeIn(dataDir));

        assertThat(membership.current()).isEmpty();
        assertThat(Files.exists(dataDir.resolve(NetworkMembership.LEDGER_KEY_FILE)))
                .isTrue();
    }
}
