package org.carenet.records;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.carenet.access.Authentication;
import org.carenet.access.Tokens;
import org.carenet.card.CardFile;
import org.carenet.card.PatientCard;
import org.carenet.card.PatientCertificate;
import org.carenet.card.PatientLogin;
import org.carenet.ledger.Membership;
import org.carenet.network.NetworkMembership;
import org.carenet.records.internal.PatientRows;
import org.carenet.records.internal.SessionKeys;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Patients log in with their card: the node hands out a random, single-use challenge; the patient signs it, with
 * this hospital's id, using the card's signing key, and shows the certificate the network operator issued for that
 * key. A node believes a certificate only if its own network's operator signed it. The patient's certificate is
 * remembered (public), never the card.
 */
@Service
public class PatientLogins {

    static final Duration CHALLENGE_TTL = Duration.ofMinutes(2);
    private static final int MAX_CHALLENGES = 100_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A challenge to sign, in base64, the hospital id to sign it with, and until when it may be used. */
    public record Challenge(String challenge, String hospital, Instant expiresAt) {}

    private final Map<String, Instant> challenges = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final NetworkMembership membership;
    private final Authentication authentication;
    private final PatientRows patients;
    private final SessionKeys keys;
    private final Clock clock;

    PatientLogins(
            NetworkMembership membership,
            Authentication authentication,
            PatientRows patients,
            SessionKeys keys,
            Clock clock) {
        this.membership = membership;
        this.authentication = authentication;
        this.patients = patients;
        this.keys = keys;
        this.clock = clock;
    }

    public Challenge challenge() {
        network();
        Instant now = clock.instant();
        if (challenges.size() >= MAX_CHALLENGES) {
            challenges.values().removeIf(expiry -> !expiry.isAfter(now));
        }
        if (challenges.size() >= MAX_CHALLENGES) {
            throw RecordsProblems.conflict("too-many-challenges", "Too many logins are pending; try again shortly");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String challenge = Base64.getEncoder().encodeToString(bytes);
        Instant expiresAt = now.plus(CHALLENGE_TTL);
        challenges.put(challenge, expiresAt);
        return new Challenge(challenge, membership.hospital().value(), expiresAt);
    }

    /**
     * Opens a PATIENT session for the holder of the certificate's keys.
     *
     * @throws RecordsProblems.RecordsProblem 401 if the challenge is unknown, used or expired, the certificate not
     *     issued by this network's operator, or the signature not the certificate's
     */
    public Tokens login(PatientCertificate certificate, String challenge, byte[] signature) {
        Membership network = network();
        Instant expiry = challenge == null ? null : challenges.remove(challenge);
        String patient = certificate.patient().value();
        if (expiry == null || !expiry.isAfter(clock.instant())) {
            authentication.refusedPatientLogin(patient, "unknown, used or expired challenge");
            throw RecordsProblems.badCard("The challenge is unknown, used or expired; ask for a new one");
        }
        if (!certificate.isIssuedBy(network.operatorKey())) {
            authentication.refusedPatientLogin(patient, "card not issued by this network");
            throw RecordsProblems.badCard("The card was not issued by this network's operator");
        }
        Optional<PatientRows.Certificate> known = patients.certificate(patient);
        if (known.isPresent() && certificate.issuedAt().isBefore(known.get().issuedAt())) {
            authentication.refusedPatientLogin(patient, "card replaced by a newer one");
            throw RecordsProblems.badCard("A newer card was issued for this patient: this one no longer logs in");
        }
        byte[] challengeBytes = Base64.getDecoder().decode(challenge);
        if (!PatientLogin.verifies(certificate, membership.hospital().value(), challengeBytes, signature)) {
            authentication.refusedPatientLogin(patient, "bad challenge signature");
            throw RecordsProblems.badCard("The signature is not the card's over this hospital's challenge");
        }
        patients.rememberCertificate(
                patient,
                JSON.writeValueAsString(CardFile.certificateFields(certificate)),
                certificate.issuedAt(),
                clock.instant());
        return authentication.loginPatient(patient, "card " + certificate.signingKey());
    }

    /**
     * The web portal's login: the patient uploads the card itself; it signs a fresh challenge here, and its keys
     * stay in this node's memory for the session, so that the portal can show the records decrypted.
     */
    public Tokens loginWithCard(PatientCard card) {
        Challenge challenge = challenge();
        byte[] signature = PatientLogin.sign(
                card, membership.hospital().value(), Base64.getDecoder().decode(challenge.challenge()));
        Tokens tokens = login(card.certificate(), challenge.challenge(), signature);
        keys.holdCard(authentication.authenticate(tokens.accessToken()).sessionId(), card);
        return tokens;
    }

    private Membership network() {
        return membership.current().orElseThrow(RecordsProblems::notInNetwork);
    }
}
