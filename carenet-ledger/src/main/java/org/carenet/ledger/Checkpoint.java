package org.carenet.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A hospital's signed statement of where its replica stands: for each partition, the last applied position and the
 * chain's hash there. Comparing another hospital's checkpoint with one's own history shows whether the two saw the
 * same log: a rewritten, dropped or reordered entry anywhere before the checkpoint changes the hash.
 */
public record Checkpoint(HospitalId hospital, List<Head> heads, Instant at, byte[] signature) {

    public Checkpoint {
        heads = List.copyOf(heads);
        at = Instant.ofEpochMilli(at.toEpochMilli());
        signature = signature == null ? null : signature.clone();
    }

    public static Checkpoint signed(HospitalId hospital, List<Head> heads, Instant at, SigningKey key) {
        Checkpoint unsigned = new Checkpoint(hospital, heads, at, null);
        return new Checkpoint(hospital, heads, at, key.sign(unsigned.signedBytes()));
    }

    @Override
    public byte[] signature() {
        return signature == null ? null : signature.clone();
    }

    /** Why the checkpoint cannot be trusted under {@code membership}, if it cannot. */
    public Optional<String> distrust(Membership membership) {
        Optional<Membership.Member> signer = membership.member(hospital);
        if (signer.isEmpty()) {
            return Optional.of(hospital + " is not a member of the network");
        }
        if (!signer.get().key().verifies(signedBytes(), signature)) {
            return Optional.of("the checkpoint is not signed by " + hospital);
        }
        return Optional.empty();
    }

    byte[] signedBytes() {
        Canonical bytes = new Canonical()
                .text("carenet-checkpoint-v1")
                .text(hospital.value())
                .number(at.toEpochMilli())
                .number(heads.size());
        for (Head head : heads) {
            bytes.number(head.partition()).number(head.position()).bytes(head.hash());
        }
        return bytes.toBytes();
    }
}
