package org.carenet.ledger.grpc;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Membership;
import org.carenet.ledger.SigningKey;

/** The seed's three Rhode Island hospitals, with keys, in a membership their operator signed. */
final class NetworkFixture {

    static final HospitalId RHODE_ISLAND = new HospitalId("rhode-island-hospital");
    static final HospitalId MIRIAM = new HospitalId("miriam-hospital");
    static final HospitalId NEWPORT = new HospitalId("newport-hospital");
    static final List<HospitalId> HOSPITALS = List.of(RHODE_ISLAND, MIRIAM, NEWPORT);
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static final SecureRandom RANDOM = new SecureRandom();

    final SigningKey operator = SigningKey.generate(RANDOM);
    final SigningKey rhodeIsland = SigningKey.generate(RANDOM);
    final SigningKey miriam = SigningKey.generate(RANDOM);
    final SigningKey newport = SigningKey.generate(RANDOM);
    final Membership membership = Membership.signed(
            1,
            List.of(
                    member(RHODE_ISLAND, "Rhode Island Hospital", 0, rhodeIsland),
                    member(MIRIAM, "Miriam Hospital", 1, miriam),
                    member(NEWPORT, "Newport Hospital", 2, newport)),
            operator);

    private static Membership.Member member(HospitalId id, String name, int i, SigningKey key) {
        return new Membership.Member(
                id, name, "http://127.0.0.1:" + (8000 + i), "127.0.0.1:" + (9000 + i), key.verifyingKey(), NOW);
    }

    SigningKey keyOf(HospitalId hospital) {
        if (hospital.equals(RHODE_ISLAND)) {
            return rhodeIsland;
        }
        return hospital.equals(MIRIAM) ? miriam : newport;
    }
}
