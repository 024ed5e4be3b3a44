package org.carenet.card;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.carenet.ledger.Canonical;
import org.carenet.ledger.VerifyingKey;

/**
 * A patient's consent, signed with their card: this physician may read (or read and write) the patient's records
 * from {@code issuedAt} until {@code expiresAt}. A node enforces it twice: its permission check refuses a physician
 * without a valid grant, and the records' data keys are wrapped to the physician's key only while one is valid.
 *
 * @param id the grant's id, chosen by the patient; repeating a grant with the same id changes nothing
 * @param signature the patient's Ed25519 signature over the other fields
 */
public record ConsentGrant(
        UUID id,
        PatientId patient,
        PhysicianId physician,
        Scope scope,
        Instant issuedAt,
        Instant expiresAt,
        byte[] signature) {

    private static final String SIGNED = "carenet-consent-grant-v1";

    /** What a grant lets the physician do. */
    public enum Scope {
        READ,
        READ_WRITE;

        public boolean allowsWriting() {
            return this == READ_WRITE;
        }
    }

    public ConsentGrant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(physician, "physician");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        issuedAt = Instant.ofEpochMilli(issuedAt.toEpochMilli());
        expiresAt = Instant.ofEpochMilli(expiresAt.toEpochMilli());
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a grant expires after it is issued");
        }
        signature = signature == null ? null : signature.clone();
    }

    /** The grant, signed with the patient's card. */
    public static ConsentGrant sign(
            PatientCard card, UUID id, PhysicianId physician, Scope scope, Instant issuedAt, Instant expiresAt) {
        ConsentGrant unsigned = new ConsentGrant(id, card.patient(), physician, scope, issuedAt, expiresAt, null);
        return new ConsentGrant(
                id,
                card.patient(),
                physician,
                scope,
                issuedAt,
                expiresAt,
                card.signingKey().sign(unsigned.signedBytes()));
    }

    /** Whether the holder of {@code patientKey} signed this grant as it stands. */
    public boolean isSignedBy(VerifyingKey patientKey) {
        return patientKey.verifies(signedBytes(), signature);
    }

    /** Whether the grant is in force at {@code now}: issued, not yet expired (revocation is the node's record). */
    public boolean inForceAt(Instant now) {
        return !now.isBefore(issuedAt) && now.isBefore(expiresAt);
    }

    /** Exactly the bytes the patient signs. */
    public byte[] signedBytes() {
        return new Canonical()
                .text(SIGNED)
                .text(id.toString())
                .text(patient.value())
                .text(physician.value())
                .text(scope.name())
                .number(issuedAt.toEpochMilli())
                .number(expiresAt.toEpochMilli())
                .toBytes();
    }

    @Override
    public byte[] signature() {
        return signature == null ? null : signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsentGrant that
                && id.equals(that.id)
                && patient.equals(that.patient)
                && physician.equals(that.physician)
                && scope == that.scope
                && issuedAt.equals(that.issuedAt)
                && expiresAt.equals(that.expiresAt)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "ConsentGrant[id=" + id + ", physician=" + physician + ", scope=" + scope + ", until=" + expiresAt + "]";
    }
}
