package org.carenet.card;

import org.carenet.ledger.Canonical;

/**
 * A patient's proof of holding their card when logging in to a node: the card's signing key signs the node's
 * single-use challenge together with the node's hospital id, so that a signature given to one node cannot open a
 * session at another.
 */
public final class PatientLogin {

    private static final String SIGNED = "carenet-patient-login-v1";

    private PatientLogin() {}

    /** Exactly the bytes a patient signs to log in to {@code hospital} with {@code challenge}. */
    public static byte[] signedBytes(String hospital, byte[] challenge) {
        return new Canonical().text(SIGNED).text(hospital).bytes(challenge).toBytes();
    }

    public static byte[] sign(PatientCard card, String hospital, byte[] challenge) {
        return card.signingKey().sign(signedBytes(hospital, challenge));
    }

    /** Whether the holder of the certificate's signing key signed this login. */
    public static boolean verifies(
            PatientCertificate certificate, String hospital, byte[] challenge, byte[] signature) {
        return certificate.signingKey().verifies(signedBytes(hospital, challenge), signature);
    }
}
