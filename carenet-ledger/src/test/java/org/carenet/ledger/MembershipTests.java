package org.carenet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipTests {

    private final NetworkFixture network = new NetworkFixture();

    @Test
    void theOperatorsSignatureVerifies() {
        assertThat(network.membership.isSignedBy(network.operator.verifyingKey()))
                .isTrue();
        assertThat(network.membership.member(NetworkFixture.MIRIAM))
                .get()
                .extracting(Membership.Member::name)
                .isEqualTo("Miriam Hospital");
    }

    @Test
    void aMemberSmuggledIntoTheDocumentBreaksTheSignature() {
        List<Membership.Member> members = new ArrayList<>(network.membership.members());
        members.add(new Membership.Member(
                new HospitalId("mallory-clinic"),
                "Mallory Clinic",
                "http://127.0.0.1:8666",
                "127.0.0.1:9666",
                SigningKey.generate(new SecureRandom()).verifyingKey(),
                NetworkFixture.NOW));
        Membership tampered = new Membership(
                network.membership.version(), members, network.operator.verifyingKey(), network.membership.signature());

        assertThat(tampered.isSignedBy(network.operator.verifyingKey())).isFalse();
    }

    @Test
    void aMembershipSignedByAnotherOperatorIsNotTrusted() {
        SigningKey impostor = SigningKey.generate(new SecureRandom());
        Membership other = Membership.signed(2, network.membership.members(), impostor);

        assertThat(other.isSignedBy(network.operator.verifyingKey())).isFalse();
    }

    @Test
    void aHospitalCannotBeAMemberTwice() {
        Membership.Member miriam =
                network.membership.member(NetworkFixture.MIRIAM).orElseThrow();

        assertThatThrownBy(() -> Membership.signed(1, List.of(miriam, miriam), network.operator))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
