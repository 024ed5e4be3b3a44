package org.carenet.ledger;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who belongs to the network: each hospital's id, name, endpoints, public key and time joined, in a document the
 * network operator signs. Replicas accept an entry only from a member, under that member's key. Adding a hospital is
 * a new membership with a higher version, signed again by the operator.
 *
 * @param version increases with every change
 * @param operatorKey the key the document is signed with
 * @param signature the operator's signature over everything else
 */
public record Membership(long version, List<Member> members, VerifyingKey operatorKey, byte[] signature) {

    /** One hospital of the network. */
    public record Member(
            HospitalId id, String name, String httpEndpoint, String grpcEndpoint, VerifyingKey key, Instant joined) {

        /** Joining times are signed to the millisecond, and kept so, so that what is shown is what is signed. */
        public Member {
            joined = Instant.ofEpochMilli(joined.toEpochMilli());
        }
    }

    public Membership {
        members = members.stream().sorted(Comparator.comparing(Member::id)).toList();
        if (members.stream().map(Member::id).distinct().count() != members.size()) {
            throw new IllegalArgumentException("a hospital appears twice in the membership");
        }
        signature = signature == null ? null : signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature == null ? null : signature.clone();
    }

    /** The membership of {@code members}, signed by the operator. */
    public static Membership signed(long version, List<Member> members, SigningKey operator) {
        Membership unsigned = new Membership(version, members, operator.verifyingKey(), null);
        return new Membership(version, members, operator.verifyingKey(), operator.sign(unsigned.signedBytes()));
    }

    /** Whether the operator with {@code trustedOperator} signed exactly this document. */
    public boolean isSignedBy(VerifyingKey trustedOperator) {
        return trustedOperator.equals(operatorKey) && operatorKey.verifies(signedBytes(), signature);
    }

    /** A network has a handful of hospitals: a scan is as fast as a map here. */
    public Optional<Member> member(HospitalId id) {
        return members.stream().filter(member -> member.id().equals(id)).findFirst();
    }

    public boolean contains(HospitalId id) {
        return member(id).isPresent();
    }

    byte[] signedBytes() {
        Canonical bytes =
                new Canonical().text("carenet-membership-v1").number(version).number(members.size());
        for (Member member : members) {
            bytes.text(member.id().value())
                    .text(member.name())
                    .text(member.httpEndpoint())
                    .text(member.grpcEndpoint())
                    .bytes(member.key().encoded())
                    .number(member.joined().toEpochMilli());
        }
        return bytes.bytes(operatorKey.encoded()).toBytes();
    }
}
