package org.carenet.card;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.carenet.ledger.Canonical;
import org.carenet.ledger.SigningKey;
import org.carenet.ledger.VerifyingKey;

/**
 * The public half of a patient card: the network operator's statement, signed with its key, that this patient
 * identifier belongs to whoever holds the private halves of these two keys. A node believes a card only if the
 * operator key it trusts issued it ({@link #isIssuedBy}); a patient proves holding the card by signing a challenge
 * with the signing key.
 *
 * @param patient the patient's network identifier
 * @param network the operator key that issued the card, naming the network
 * @param signingKey the patient's Ed25519 public key: logins, consent grants and other signed requests
 * @param encryptionKey the patient's X25519 public key (32 bytes): records are encrypted to it
 * @param issuedAt when the operator issued the card; a later card for the same patient replaces it
 * @param signature the operator's Ed25519 signature over the other fields
 */
public record PatientCertificate(
        PatientId patient,
        VerifyingKey network,
        VerifyingKey signingKey,
        byte[] encryptionKey,
        Instant issuedAt,
        byte[] signature) {

    private static final String SIGNED = "carenet-patient-certificate-v1";

    public PatientCertificate {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (encryptionKey == null || encryptionKey.length != 32) {
            throw new IllegalArgumentException("an X25519 public key is 32 bytes");
        }
        encryptionKey = encryptionKey.clone();
        issuedAt = Instant.ofEpochMilli(issuedAt.toEpochMilli());
        signature = signature == null ? null : signature.clone();
    }

    /** The certificate of these keys for {@code patient}, signed by the network's {@code operator}. */
    static PatientCertificate issue(
            SigningKey operator, PatientId patient, VerifyingKey signingKey, byte[] encryptionKey, Instant issuedAt) {
        PatientCertificate unsigned =
                new PatientCertificate(patient, operator.verifyingKey(), signingKey, encryptionKey, issuedAt, null);
        return new PatientCertificate(
                patient,
                operator.verifyingKey(),
                signingKey,
                encryptionKey,
                issuedAt,
                operator.sign(unsigned.signedBytes()));
    }

    /** Whether {@code operator} issued this certificate, as it stands. */
    public boolean isIssuedBy(VerifyingKey operator) {
        return network.equals(operator) && operator.verifies(signedBytes(), signature);
    }

    /** Exactly the bytes the operator signs. */
    byte[] signedBytes() {
        return new Canonical()
                .text(SIGNED)
                .text(patient.value())
                .text(network.toBase64())
                .text(signingKey.toBase64())
                .bytes(encryptionKey)
                .number(issuedAt.toEpochMilli())
                .toBytes();
    }

    @Override
    public byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature == null ? null : signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PatientCertificate that
                && patient.equals(that.patient)
                && network.equals(that.network)
                && signingKey.equals(that.signingKey)
                && Arrays.equals(encryptionKey, that.encryptionKey)
                && issuedAt.equals(that.issuedAt)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(patient, network, signingKey, issuedAt) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "PatientCertificate[patient=" + patient + ", issuedAt=" + issuedAt + "]";
    }
}
