package org.carenet.records;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carenet.access.AuditEvent;
import org.carenet.access.AuditOutcome;
import org.carenet.access.AuditTrail;
import org.carenet.access.CurrentUser;
import org.carenet.access.Operation;
import org.carenet.access.Resource;
import org.carenet.card.Agreements;
import org.carenet.card.Ciphertext;
import org.carenet.card.DataKey;
import org.carenet.card.PatientCard;
import org.carenet.card.PatientId;
import org.carenet.card.PhysicianId;
import org.carenet.card.PhysicianIdentity;
import org.carenet.card.VisitContexts;
import org.carenet.card.WrappedKey;
import org.carenet.network.NetworkMembership;
import org.carenet.records.internal.PhysicianRows;
import org.carenet.records.internal.SessionKeys;
import org.carenet.records.internal.VisitInserts;
import org.carenet.records.internal.VisitRows;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Visits, the medical record: when, by which physician, and — encrypted under a fresh AES-256-GCM data key per
 * visit — the reason, notes, diagnosis, treatment and vitals. The data key is stored only wrapped to the patient's
 * key, the writing physician's, and those of physicians the patient granted access; the node decrypts a visit only
 * with a key its reader brought to the session (a physician's identity opened by their password, a patient's card).
 */
@Service
public class Visits {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a visit holds beyond its time and physician: encrypted at rest. */
    public record Content(String reason, String notes, String diagnosis, String treatment, Vitals vitals) {}

    /** Blood pressure in mmHg, heart rate in beats per minute, height in cm, weight in kg; each optional. */
    public record Vitals(Integer systolic, Integer diastolic, Integer heartRate, Double heightCm, Double weightKg) {}

    /**
     * A visit as its reader sees it.
     *
     * @param content the decrypted content, or null when this reader holds no key to it in this session
     * @param sealed why the content is not shown, when it is not
     * @param encrypted the content and the reader's wrap of its key, for a client that decrypts itself (patients'
     *     own records only)
     */
    public record Visit(
            UUID id,
            String patient,
            String physician,
            String physicianName,
            String hospital,
            Instant time,
            Instant writtenAt,
            Content content,
            String sealed,
            Encrypted encrypted) {}

    /** A visit's ciphertext and the patient's wrap of its data key, both base64 of their byte encodings. */
    public record Encrypted(String content, String wrappedKey) {}

    private final VisitRows visits;
    private final VisitInserts inserts;
    private final Patients patients;
    private final Physicians physicians;
    private final Consents consents;
    private final SessionKeys keys;
    private final NetworkMembership membership;
    private final AuditTrail audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Visits(
            VisitRows visits,
            VisitInserts inserts,
            Patients patients,
            Physicians physicians,
            Consents consents,
            SessionKeys keys,
            NetworkMembership membership,
            AuditTrail audit,
            Clock clock) {
        this.visits = visits;
        this.inserts = inserts;
        this.patients = patients;
        this.physicians = physicians;
        this.consents = consents;
        this.keys = keys;
        this.membership = membership;
        this.audit = audit;
        this.clock = clock;
    }

    /** A physician writes a visit of a patient registered here, with the patient's consent to write. */
    public Visit write(CurrentUser caller, String patientId, Instant time, Content content) {
        PatientId patient = patientIdOf(patientId);
        PhysicianRows.Physician author = physicians.of(caller);
        List<String> readers =
                consents.requireAccess(caller, author, patient, true).readers();
        // the writer wraps the key from their own identity: the wraps show who made them, and a physician who
        // writes many visits of a patient agrees with the patient's key once
        Agreements writer = ownIdentity(caller, author).agreements();
        if (time.isAfter(clock.instant().plusSeconds(24 * 3600))) {
            throw RecordsProblems.invalid("invalid-visit", "A visit's time is not more than a day ahead");
        }
        UUID id = UUID.randomUUID();
        Instant visitedAt = Instant.ofEpochMilli(time.toEpochMilli());
        Instant writtenAt = Instant.ofEpochMilli(clock.millis());
        String hospital = membership.hospital().value();
        DataKey key = DataKey.generate(random);
        Ciphertext ciphertext = key.encrypt(
                JSON.writeValueAsBytes(content),
                VisitContexts.content(id, patient.value(), author.id(), hospital, visitedAt),
                random);
        byte[] context = VisitContexts.key(id, patient.value());
        Map<String, byte[]> recipients = new LinkedHashMap<>();
        recipients.put(VisitRows.PATIENT, patients.certificateOf(patient).encryptionKey());
        recipients.put(author.id(), author.encryptionKey());
        for (String reader : readers) {
            if (!recipients.containsKey(reader)) {
                physicians
                        .encryptionKeyOf(new PhysicianId(reader))
                        .ifPresent(readerKey -> recipients.put(reader, readerKey));
            }
        }
        Map<String, byte[]> wraps = new LinkedHashMap<>();
        recipients.forEach((recipient, recipientKey) -> wraps.put(
                recipient, key.wrapFrom(writer, recipientKey, context, random).encode()));
        VisitRows.Visit row = new VisitRows.Visit(
                id, patient.value(), author.id(), hospital, visitedAt, writtenAt, ciphertext.encode(), null);
        inserts.insert(row, wraps);
        return new Visit(
                id, patient.value(), author.id(), author.name(), hospital, visitedAt, writtenAt, content, null, null);
    }

    /** A physician reads a patient's visits: with the patient's card in the session, or as a linked grantee. */
    public List<Visit> readAsPhysician(CurrentUser caller, String patientId) {
        PatientId patient = patientIdOf(patientId);
        PhysicianRows.Physician reader = physicians.of(caller);
        Consents.Reach reach =
                consents.requireAccess(caller, reader, patient, false).how();
        Opener opener = openerFor(caller, reader, reach);
        return visits.ofPatient(patient.value(), opener.recipient()).stream()
                .map(row -> view(row, opener, false))
                .toList();
    }

    public Visit readOneAsPhysician(CurrentUser caller, String patientId, UUID visitId) {
        PatientId patient = patientIdOf(patientId);
        PhysicianRows.Physician reader = physicians.of(caller);
        Consents.VisitAccess access = consents.requireAccessToVisit(caller, reader, patient, visitId);
        Opener opener = openerFor(caller, reader, access.how());
        return access.visit()
                .map(row -> view(row, opener, false))
                .orElseThrow(() -> RecordsProblems.visitNotFound(visitId));
    }

    /**
     * A patient reads their own visits kept here: always encrypted, for a client that holds the card; decrypted
     * too when this session holds the card.
     */
    public List<Visit> readOwn(CurrentUser caller) {
        PatientId patient = Patients.patientOf(caller);
        Opener opener = new Opener(
                VisitRows.PATIENT,
                keys.heldCard(caller.sessionId())
                        .map(SessionKeys.Held::agreements)
                        .orElse(null),
                "Your card is not present in this session: the content is encrypted to it");
        return visits.ofPatient(patient.value(), VisitRows.PATIENT).stream()
                .map(row -> view(row, opener, true))
                .toList();
    }

    /**
     * The patient is at the physician's desk with their card: for the rest of the session the physician reads and
     * writes that patient's visits through the card's key, without a grant.
     */
    public void patientPresent(CurrentUser caller, PatientCard card) {
        physicians.of(caller);
        if (!card.certificate()
                .isIssuedBy(membership
                        .current()
                        .orElseThrow(RecordsProblems::notInNetwork)
                        .operatorKey())) {
            throw RecordsProblems.badCard("The card was not issued by this network's operator");
        }
        if (!patients.isRegisteredHere(card.patient())) {
            throw RecordsProblems.notRegisteredHere();
        }
        keys.holdCard(caller.sessionId(), card);
        // under the patient's identifier, so that their access log shows whose desk their card was at
        audit.record(AuditEvent.of(
                        caller, Operation.READ, Resource.RECORD, card.patient().value(), AuditOutcome.SUCCESS)
                .withAction("CARD_PRESENT")
                .withDetail("the patient's card at the physician's desk: their records without a grant"));
    }

    public void patientLeft(CurrentUser caller) {
        keys.forgetCard(caller.sessionId());
    }

    /** Whose wrap to read and the key (with its agreements) to open it with; null: none in this session, and why. */
    private record Opener(String recipient, Agreements key, String lockedReason) {}

    private Opener openerFor(CurrentUser caller, PhysicianRows.Physician reader, Consents.Reach reach) {
        if (reach == Consents.Reach.CARD_PRESENT) {
            return new Opener(
                    VisitRows.PATIENT,
                    keys.heldCard(caller.sessionId()).orElseThrow().agreements(),
                    null);
        }
        return new Opener(
                reader.id(),
                ownIdentity(caller, reader).agreements(),
                "The key of this visit is not wrapped to you: it was written before your grant, and the patient's"
                        + " client did not wrap it to you");
    }

    /** The calling physician's own identity, open in this session (their password opened it at login). */
    private SessionKeys.Held<PhysicianIdentity> ownIdentity(CurrentUser caller, PhysicianRows.Physician physician) {
        SessionKeys.Held<PhysicianIdentity> identity = physicians.unlocked(caller);
        if (!identity.holder().equals(physician.id())) {
            throw RecordsProblems.keysLocked("The identity open in this session is not this account's: log in again");
        }
        return identity;
    }

    /**
     * Whether a wrap was made by the visit's author (who wraps a visit's key to every reader when writing it) or by
     * the patient (who wraps it to a physician when granting): only the holder of one of the two keys that agree can
     * make a wrap that opens, so a visit a hospital added in a physician's name does not pass.
     */
    private boolean madeByItsAuthorOrPatient(WrappedKey wrapped, VisitRows.Visit row) {
        byte[] sender = wrapped.sender();
        boolean byAuthor = PhysicianId.isWellFormed(row.physicianId())
                && physicians
                        .encryptionKeyOf(new PhysicianId(row.physicianId()))
                        .map(author -> Arrays.equals(author, sender))
                        .orElse(false);
        return byAuthor
                || Arrays.equals(
                        patients.certificateOf(new PatientId(row.patientId())).encryptionKey(), sender);
    }

    private Visit view(VisitRows.Visit row, Opener opener, boolean withEnvelope) {
        String name = physicians.nameOf(row.physicianId());
        Content content = null;
        String sealed = null;
        if (row.wrappedKey() == null) {
            sealed = opener.lockedReason() == null ? "No key of this visit is held for you" : opener.lockedReason();
        } else if (opener.key() == null) {
            sealed = opener.lockedReason();
        } else {
            try {
                WrappedKey wrapped = WrappedKey.decode(row.wrappedKey());
                if (!madeByItsAuthorOrPatient(wrapped, row)) {
                    sealed = "This visit's key was not wrapped by the physician it names (nor by the patient): it"
                            + " is not shown";
                } else {
                    DataKey key = DataKey.unwrap(wrapped, opener.key(), VisitContexts.key(row.id(), row.patientId()));
                    byte[] plain = key.decrypt(
                            Ciphertext.decode(row.content()),
                            VisitContexts.content(
                                    row.id(), row.patientId(), row.physicianId(), row.hospital(), row.visitedAt()));
                    content = JSON.readValue(plain, Content.class);
                }
            } catch (IllegalArgumentException e) {
                sealed = "This visit does not open: its key or content was altered";
            }
        }
        Encrypted encrypted = withEnvelope && row.wrappedKey() != null
                ? new Encrypted(
                        Base64.getEncoder().encodeToString(row.content()),
                        Base64.getEncoder().encodeToString(row.wrappedKey()))
                : null;
        return new Visit(
                row.id(),
                row.patientId(),
                row.physicianId(),
                name,
                row.hospital(),
                row.visitedAt(),
                row.writtenAt(),
                content,
                sealed,
                encrypted);
    }

    static PatientId patientIdOf(String id) {
        try {
            return new PatientId(id);
        } catch (IllegalArgumentException e) {
            throw RecordsProblems.badRequest("invalid-patient", "A patient identifier is 64 lower-case hex digits");
        }
    }
}
