package org.carenet.card;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.carenet.ledger.SigningKey;

/**
 * A patient card: the {@link PatientCertificate} the network issued, with the two private keys it vouches for. The
 * patient keeps it (a file, {@link CardFile}); a node never stores it. Never logged: {@link #toString()} names the
 * patient only.
 */
public record PatientCard(PatientCertificate certificate, SigningKey signingKey, EncryptionKey encryptionKey) {

    public PatientCard {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(encryptionKey, "encryptionKey");
        if (!certificate.signingKey().equals(signingKey.verifyingKey())
                || !Arrays.equals(certificate.encryptionKey(), encryptionKey.publicKey())) {
            throw new IllegalArgumentException("the private keys are not the ones the card's certificate names");
        }
    }

    /**
     * A new card for the person with this name and national id, with fresh keys, issued by the network's
     * {@code operator}. The name and id go into the identifier only ({@link PatientId#derive}); the card does not
     * hold them.
     */
    public static PatientCard issue(
            SigningKey operator,
            byte[] networkSecret,
            String name,
            String nationalId,
            Instant now,
            SecureRandom random) {
        PatientId patient = PatientId.derive(networkSecret, name, nationalId);
        SigningKey signing = SigningKey.generate(random);
        EncryptionKey encryption = EncryptionKey.generate(random);
        return new PatientCard(
                PatientCertificate.issue(operator, patient, signing.verifyingKey(), encryption.publicKey(), now),
                signing,
                encryption);
    }

    public PatientId patient() {
        return certificate.patient();
    }

    @Override
    public String toString() {
        return "PatientCard[patient=" + patient() + "]";
    }
}
