package org.carenet.records;

import static org.carenet.network.LedgerUnavailable.available;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.carenet.access.AuditEntry;
import org.carenet.access.AuditQuery;
import org.carenet.access.AuditTrail;
import org.carenet.access.CurrentUser;
import org.carenet.access.Page;
import org.carenet.card.CardFile;
import org.carenet.card.PatientCard;
import org.carenet.card.PatientCertificate;
import org.carenet.card.PatientId;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.LedgerState;
import org.carenet.ledger.Outcome;
import org.carenet.network.NetworkLedger;
import org.carenet.records.internal.PatientRows;
import org.carenet.records.internal.SessionKeys;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * A patient's registration: at one hospital at a time network-wide, decided by the network ledger (the patient's
 * identifier is the key, the registering hospital its owner), and this hospital's record of the patients it keeps.
 * The ledger decides first and the local record follows, so that after a crash between the two the patient's next
 * request completes what the ledger already decided.
 */
@Service
public class Patients {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_PARSED = 100_000;

    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    /**
     * What a patient sees of their registration.
     *
     * @param owner the hospital the ledger names, or null if the patient is registered nowhere
     * @param state this hospital's record of the patient (REGISTERED, UNREGISTERED, TRANSFERRING), null if none
     * @param cardPresent whether this session holds the patient's card, so that records can be shown decrypted
     */
    public record Registration(
            String patient,
            String hospital,
            boolean registeredHere,
            String owner,
            String state,
            Instant registeredAt,
            boolean cardPresent) {}

    /** A patient this hospital keeps records of, as staff see it (no contents). */
    public record KeptPatient(String patient, String state, Instant registeredAt) {}

    private final NetworkLedger network;
    private final PatientRows patients;
    private final SessionKeys keys;
    private final AuditTrail audit;
    private final Transfers transfers;
    private final Clock clock;

    Patients(
            NetworkLedger network,
            PatientRows patients,
            SessionKeys keys,
            AuditTrail audit,
            Transfers transfers,
            Clock clock) {
        this.network = network;
        this.patients = patients;
        this.keys = keys;
        this.audit = audit;
        this.transfers = transfers;
        this.clock = clock;
    }

    public Registration registration(CurrentUser caller) {
        PatientId patient = patientOf(caller);
        Ledger ledger = network.require();
        LedgerState.Lookup lookup = available(() -> ledger.getSynced(patient.value()));
        Optional<PatientRows.Patient> kept = patients.find(patient.value());
        return new Registration(
                patient.value(),
                ledger.hospital().value(),
                lookup.exists() && lookup.isOwner(),
                lookup.exists() ? lookup.owner().value() : null,
                kept.map(row -> row.state().name()).orElse(null),
                kept.map(PatientRows.Patient::registeredAt).orElse(null),
                keys.card(caller.sessionId()).isPresent());
    }

    /**
     * Registers the calling patient here.
     *
     * @throws RecordsProblems.RecordsProblem 409 already-registered-here, 409 registered-elsewhere naming the owner
     */
    public Registration register(CurrentUser caller) {
        PatientId patient = patientOf(caller);
        Ledger ledger = network.require();
        String here = ledger.hospital().value();
        if (patients.find(patient.value())
                .filter(row -> row.state() != PatientRows.State.UNREGISTERED)
                .isPresent()) {
            throw RecordsProblems.alreadyRegisteredHere(here);
        }
        PatientCertificate certificate = certificateOf(patient);
        if (transfers.isExpected(patient)
                && available(() -> ledger.getSynced(patient.value())).isOwner()) {
            throw RecordsProblems.conflict(
                    "transfer-in-progress", "The patient's records are on their way here from another hospital");
        }
        Outcome outcome = available(() -> Ledger.await(ledger.put(patient.value(), registrationValue(certificate))));
        switch (outcome.kind()) {
            case APPLIED -> {}
            case OWNED_BY_ANOTHER ->
                throw RecordsProblems.registeredElsewhere(outcome.owner().value());
            default ->
                throw new IllegalStateException("the ledger refused this hospital's registration entry as "
                        + outcome.kind() + ": " + outcome.detail());
        }
        Instant now = clock.instant();
        if (!patients.register(patient.value(), now)) {
            throw RecordsProblems.alreadyRegisteredHere(here);
        }
        // the ledger just named this hospital: no need to ask it again
        return new Registration(
                patient.value(),
                here,
                true,
                here,
                PatientRows.State.REGISTERED.name(),
                now,
                keys.card(caller.sessionId()).isPresent());
    }

    /**
     * Unregisters the calling patient: the ledger forgets where they are registered; their records stay here, as a
     * hospital keeps what it recorded, readable with their card.
     *
     * @throws RecordsProblems.RecordsProblem 404 not-registered, 409 registered-elsewhere naming the owner
     */
    public void unregister(CurrentUser caller) {
        PatientId patient = patientOf(caller);
        Ledger ledger = network.require();
        Optional<PatientRows.Patient> kept = patients.find(patient.value());
        if (kept.isPresent() && kept.get().state() == PatientRows.State.TRANSFERRING) {
            throw RecordsProblems.conflict(
                    "transfer-in-progress",
                    "The patient's records are being transferred; unregister at the new hospital");
        }
        if (transfers.isExpected(patient)) {
            throw RecordsProblems.conflict(
                    "transfer-in-progress",
                    "The patient's records are on their way here; unregister once they arrived");
        }
        boolean registeredHere = kept.isPresent() && kept.get().state() == PatientRows.State.REGISTERED;
        if (!registeredHere) {
            LedgerState.Lookup lookup = available(() -> ledger.getSynced(patient.value()));
            if (!lookup.exists()) {
                throw RecordsProblems.notRegistered();
            }
            if (!lookup.isOwner()) {
                throw RecordsProblems.registeredElsewhere(lookup.owner().value());
            }
        }
        Outcome outcome = available(() -> Ledger.await(ledger.remove(patient.value())));
        switch (outcome.kind()) {
            // MISSING_KEY: the ledger forgot it before a crash kept this hospital from recording it
            case APPLIED, MISSING_KEY -> {}
            case NOT_OWNER ->
                throw RecordsProblems.registeredElsewhere(outcome.owner().value());
            default ->
                throw new IllegalStateException("the ledger refused this hospital's unregistration entry as "
                        + outcome.kind() + ": " + outcome.detail());
        }
        if (kept.isPresent()) {
            patients.setState(patient.value(), PatientRows.State.UNREGISTERED, clock.instant());
        }
    }

    /**
     * Keeps the patient's card in this node's memory for the session, so that the records can be shown decrypted
     * and grants signed here (the patient at the desk, or the portal).
     */
    public void presentCard(CurrentUser caller, PatientCard card) {
        PatientId patient = patientOf(caller);
        if (!card.patient().equals(patient)) {
            throw RecordsProblems.invalid(
                    "card-of-another-patient", "The card is not the one this session logged in with");
        }
        PatientCertificate known = certificateOf(patient);
        if (!known.equals(card.certificate()) && !card.certificate().issuedAt().isAfter(known.issuedAt())) {
            throw RecordsProblems.invalid("card-replaced", "A newer card was issued for this patient; use it");
        }
        keys.holdCard(caller.sessionId(), card);
    }

    public Page<KeptPatient> kept(int page, int size) {
        return new Page<>(
                patients.page(PatientRows.State.REGISTERED, page, size).stream()
                        .map(row -> new KeptPatient(row.id(), row.state().name(), row.registeredAt()))
                        .toList(),
                page,
                size,
                patients.count(PatientRows.State.REGISTERED));
    }

    /** The certificate the patient logged in with here. */
    PatientCertificate certificateOf(PatientId patient) {
        PatientRows.Certificate row = patients.certificate(patient.value())
                .orElseThrow(() -> new IllegalStateException("no certificate of " + patient + " was kept"));
        Parsed known = parsed.get(patient.value());
        if (known != null && known.document().equals(row.document())) {
            return known.certificate();
        }
        PatientCertificate certificate = CardFile.certificate(JSON.readTree(row.document()));
        if (parsed.size() >= MAX_PARSED) {
            parsed.clear();
        }
        parsed.put(patient.value(), new Parsed(row.document(), certificate));
        return certificate;
    }

    /** A certificate document and what it says, so that every visit written does not parse it again. */
    private record Parsed(String document, PatientCertificate certificate) {}

    /** Whether the patient's records are being handed over to another hospital. */
    boolean isTransferring(PatientId patient) {
        return patients.find(patient.value())
                .filter(row -> row.state() == PatientRows.State.TRANSFERRING)
                .isPresent();
    }

    /** Whether the patient is registered here, as this hospital records it. */
    boolean isRegisteredHere(PatientId patient) {
        return patients.find(patient.value())
                .filter(row -> row.state() == PatientRows.State.REGISTERED)
                .isPresent();
    }

    static PatientId patientOf(CurrentUser caller) {
        return new PatientId(caller.patient()
                .orElseThrow(() -> new IllegalStateException(caller.username() + " is not a patient session")));
    }

    /**
     * What the ledger records of a registration: the fingerprint of the card it was made with (SHA-256 of its
     * certificate), so that every hospital can tell which card the patient registered with without learning more.
     */
    private static String registrationValue(PatientCertificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(JSON.writeValueAsBytes(CardFile.certificateFields(certificate)));
            return JSON.writeValueAsString(Map.of("card", HexFormat.of().formatHex(digest)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Who accessed the calling patient's registration, records and grants here, newest first. */
    public Page<AuditEntry> accessLog(CurrentUser caller, int page, int size) {
        return audit.find(new AuditQuery(null, null, patientOf(caller).value(), null, null), page, size);
    }
}
