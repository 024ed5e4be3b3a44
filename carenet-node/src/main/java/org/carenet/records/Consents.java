package org.carenet.records;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.carenet.access.CurrentUser;
import org.carenet.card.Agreements;
import org.carenet.card.ConsentGrant;
import org.carenet.card.DataKey;
import org.carenet.card.PatientCard;
import org.carenet.card.PatientCertificate;
import org.carenet.card.PatientId;
import org.carenet.card.PhysicianId;
import org.carenet.card.VisitContexts;
import org.carenet.card.WrappedKey;
import org.carenet.records.internal.ConsentChecks;
import org.carenet.records.internal.ConsentRows;
import org.carenet.records.internal.PhysicianRows;
import org.carenet.records.internal.SessionKeys;
import org.carenet.records.internal.VisitRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A patient's consent, twice enforced: the grant the patient signed decides whether a physician may read or write
 * their records here ({@link #requireAccess}), and the records' data keys are wrapped to the physician's key only
 * while a grant is in force — granting wraps the existing visits' keys to the physician (with the card: here, or
 * by the patient's own client), revoking drops those wraps, and an hourly sweep drops those of expired grants. What
 * a physician read while the grant was in force cannot be taken back.
 */
@Service
public class Consents {

    private static final Logger log = LoggerFactory.getLogger(Consents.class);

    /** A grant as the patient sees it. */
    public record Grant(
            UUID id,
            String patient,
            String physician,
            String physicianName,
            String scope,
            Instant issuedAt,
            Instant expiresAt,
            Instant revokedAt,
            boolean inForce) {}

    /**
     * What a patient asks for: a grant they signed with their card (signature and issuedAt given), or one this node
     * signs with the card the session holds (signature absent). {@code keys} are the visits' data keys wrapped to
     * the physician by the patient's own client; with the card held here, the node wraps them itself.
     */
    public record GrantRequest(
            UUID id,
            String physician,
            ConsentGrant.Scope scope,
            Instant issuedAt,
            Instant expiresAt,
            byte[] signature,
            Map<UUID, WrappedKey> keys) {}

    /**
     * A patient of a physician here: linked as physician of record, with the access the patient's grants give now.
     *
     * @param access READ, READ_WRITE, or null when no grant is in force
     */
    public record PatientOfPhysician(String patient, Instant linkedAt, String access, Instant until) {}

    /** How a physician may reach a patient's records, and why. */
    public enum Reach {
        /** The patient's card is present in the physician's session. */
        CARD_PRESENT,
        /** A linked physician with a grant in force. */
        GRANT
    }

    private final ConsentRows consents;
    private final VisitRows visits;
    private final ConsentChecks checks;
    private final Patients patients;
    private final Physicians physicians;
    private final SessionKeys keys;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Consents(
            ConsentRows consents,
            VisitRows visits,
            ConsentChecks checks,
            Patients patients,
            Physicians physicians,
            SessionKeys keys,
            TransactionTemplate transactions,
            Clock clock) {
        this.consents = consents;
        this.visits = visits;
        this.checks = checks;
        this.patients = patients;
        this.physicians = physicians;
        this.keys = keys;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Grant grant(CurrentUser caller, GrantRequest request) {
        PatientId patient = Patients.patientOf(caller);
        if (!patients.isRegisteredHere(patient)) {
            throw RecordsProblems.conflict(
                    "not-registered-here", "Register at this hospital first: grants go with the records kept here");
        }
        PhysicianId physician = physicianId(request.physician());
        byte[] physicianKey = physicians
                .encryptionKeyOf(physician)
                .orElseThrow(() -> RecordsProblems.unknownPhysician(physician.value()));
        Instant now = clock.instant();
        Optional<SessionKeys.Held<PatientCard>> card = keys.heldCard(caller.sessionId());
        UUID id = request.id() == null ? UUID.randomUUID() : request.id();
        ConsentGrant grant;
        try {
            if (request.signature() == null) {
                PatientCard held = card.map(SessionKeys.Held::key)
                        .orElseThrow(() -> RecordsProblems.cardNeeded("Sign the grant with the card (signature and"
                                + " issuedAt), or present the card in this session"));
                grant = ConsentGrant.sign(held, id, physician, request.scope(), now, request.expiresAt());
            } else {
                if (request.issuedAt() == null) {
                    throw RecordsProblems.badRequest("invalid-grant", "A signed grant names the time it was issued");
                }
                grant = new ConsentGrant(
                        id,
                        patient,
                        physician,
                        request.scope(),
                        request.issuedAt(),
                        request.expiresAt(),
                        request.signature());
            }
        } catch (IllegalArgumentException e) {
            throw RecordsProblems.invalid("invalid-grant", e.getMessage());
        }
        PatientCertificate certificate = patients.certificateOf(patient);
        if (!grant.isSignedBy(certificate.signingKey())) {
            throw RecordsProblems.invalid("bad-signature", "The grant is not signed by this patient's card");
        }
        if (!grant.expiresAt().isAfter(now)) {
            throw RecordsProblems.invalid("invalid-grant", "The grant has expired already");
        }
        if (grant.issuedAt().isAfter(now.plusSeconds(300))) {
            throw RecordsProblems.invalid("invalid-grant", "The grant is issued in the future");
        }
        ConsentGrant checked = grant;
        transactions.executeWithoutResult(status -> {
            ConsentRows.Grant row = new ConsentRows.Grant(
                    checked.id(),
                    patient.value(),
                    physician.value(),
                    checked.scope().name(),
                    checked.issuedAt(),
                    checked.expiresAt(),
                    checked.signature(),
                    now,
                    null);
            if (!consents.insert(row)) {
                ConsentRows.Grant existing = consents.find(checked.id()).orElseThrow();
                if (!existing.patientId().equals(row.patientId())
                        || !existing.physicianId().equals(row.physicianId())
                        || !existing.scope().equals(row.scope())
                        || !existing.expiresAt().equals(row.expiresAt())) {
                    throw RecordsProblems.conflict(
                            "grant-exists", "A different grant with id " + checked.id() + " exists");
                }
            }
            consents.link(patient.value(), physician.value(), now, caller.username());
            wrapExisting(patient, physician, physicianKey, card, request.keys());
        });
        return view(consents.find(checked.id()).orElseThrow(), now);
    }

    public List<Grant> grants(CurrentUser caller) {
        Instant now = clock.instant();
        return consents.ofPatient(Patients.patientOf(caller).value()).stream()
                .map(row -> view(row, now))
                .toList();
    }

    /** Revokes a grant; when the physician holds no other in force, their wraps of the patient's keys go. */
    public void revoke(CurrentUser caller, UUID id) {
        String patient = Patients.patientOf(caller).value();
        if (patients.isTransferring(Patients.patientOf(caller))) {
            throw RecordsProblems.conflict(
                    "transfer-in-progress", "The records are being handed over; revoke at the new hospital");
        }
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            ConsentRows.Grant grant = consents.find(id)
                    .filter(row -> row.patientId().equals(patient))
                    .orElseThrow(RecordsProblems::grantNotFound);
            if (!consents.revoke(id, patient, now)) {
                throw RecordsProblems.grantNotFound();
            }
            if (consents.between(patient, grant.physicianId()).stream().noneMatch(row -> row.inForceAt(now))) {
                visits.unwrapFor(patient, grant.physicianId());
            }
        });
    }

    /** The calling physician's patients here. */
    public List<PatientOfPhysician> patientsOf(CurrentUser caller) {
        PhysicianRows.Physician physician = physicians.of(caller);
        Instant now = clock.instant();
        return consents.linksOfPhysician(physician.id()).stream()
                .filter(link -> patients.isRegisteredHere(new PatientId(link.patientId())))
                .map(link -> {
                    List<ConsentRows.Grant> inForce = consents.between(link.patientId(), physician.id()).stream()
                            .filter(grant -> grant.inForceAt(now))
                            .toList();
                    String access = inForce.stream()
                            .map(ConsentRows.Grant::scope)
                            .max(String::compareTo)
                            .orElse(null);
                    Instant until = inForce.stream()
                            .map(ConsentRows.Grant::expiresAt)
                            .max(Instant::compareTo)
                            .orElse(null);
                    return new PatientOfPhysician(link.patientId(), link.linkedAt(), access, until);
                })
                .toList();
    }

    /** An administrator makes a physician here the physician of record of a patient registered here. */
    public void link(CurrentUser admin, String patientId, String physicianId) {
        PatientId patient = Visits.patientIdOf(patientId);
        if (!patients.isRegisteredHere(patient)) {
            throw RecordsProblems.notRegisteredHere();
        }
        if (!PhysicianId.isWellFormed(physicianId)
                || physicians.byId(physicianId).isEmpty()) {
            throw RecordsProblems.physicianNotFound(physicianId);
        }
        consents.link(patient.value(), physicianId, clock.instant(), admin.username());
    }

    /** An administrator ends a physician's link to a patient: without it, no grant lets them read here. */
    public void unlink(String patientId, String physicianId) {
        PatientId patient = Visits.patientIdOf(patientId);
        if (!consents.unlink(patient.value(), physicianId)) {
            throw RecordsProblems.conflict("not-linked", "The physician is not linked to this patient");
        }
    }

    /** How a physician reaches a patient's records, and (for a write) who else may read them. */
    record Access(Reach how, List<String> readers) {}

    /**
     * Whether the physician may reach the patient's records here, and how; the refusal, a 403, is audited by the
     * access policy with its reason.
     *
     * @param write whether they mean to write a visit, which needs a READ_WRITE grant; the access then also names
     *     the physicians whose grant of the patient is in force, found by the same query: the new visit's key is
     *     wrapped to each
     */
    Access requireAccess(
            CurrentUser physicianUser, PhysicianRows.Physician physician, PatientId patient, boolean write) {
        boolean cardPresent = cardPresent(physicianUser, patient);
        Instant now = clock.instant();
        ConsentRows.Reach reach = checks.check(
                        write
                                ? ConsentChecks.Check.toWrite(patient.value(), physician.id(), now)
                                : ConsentChecks.Check.toList(patient.value(), physician.id(), now))
                .reach();
        return new Access(decide(reach, cardPresent, write), reach.readers());
    }

    /**
     * How a physician reaches one visit of a patient they mean to read, and the visit (if the patient has it here)
     * with the wrap of its key the reader opens — the patient's with the card present, else the physician's own.
     */
    record VisitAccess(Reach how, Optional<VisitRows.Visit> visit) {}

    VisitAccess requireAccessToVisit(
            CurrentUser physicianUser, PhysicianRows.Physician physician, PatientId patient, UUID visitId) {
        boolean cardPresent = cardPresent(physicianUser, patient);
        ConsentChecks.Checked found = checks.check(ConsentChecks.Check.toRead(
                patient.value(),
                physician.id(),
                clock.instant(),
                visitId,
                cardPresent ? VisitRows.PATIENT : physician.id()));
        return new VisitAccess(decide(found.reach(), cardPresent, false), found.visit());
    }

    private boolean cardPresent(CurrentUser physicianUser, PatientId patient) {
        return keys.card(physicianUser.sessionId())
                .filter(card -> card.patient().equals(patient))
                .isPresent();
    }

    private static Reach decide(ConsentRows.Reach reach, boolean cardPresent, boolean write) {
        if (!reach.registered()) {
            throw RecordsProblems.notRegisteredHere();
        }
        if (cardPresent) {
            return Reach.CARD_PRESENT;
        }
        if (!reach.linked()) {
            throw RecordsProblems.noConsent("You are not this patient's physician of record here");
        }
        // READ_WRITE sorts after READ: the query answers the widest scope in force
        boolean allowed = reach.scope() != null
                && (!write || ConsentGrant.Scope.valueOf(reach.scope()).allowsWriting());
        if (!allowed) {
            throw RecordsProblems.noConsent(
                    write
                            ? "The patient has not granted you read and write access in force now"
                            : "The patient has not granted you access in force now");
        }
        return Reach.GRANT;
    }

    /** Drops the wraps of physicians whose every grant of a patient has expired. */
    @Scheduled(fixedDelayString = "${carenet.records.grant-sweep:1h}", initialDelay = 60_000)
    void sweepLapsedGrants() {
        for (String[] lapsed : consents.lapsedWithKeys(clock.instant())) {
            if (patients.isTransferring(new PatientId(lapsed[0]))) {
                // the hand-over must bring what was offered; the new hospital sweeps them
                continue;
            }
            int dropped = visits.unwrapFor(lapsed[0], lapsed[1]);
            log.info("dropped {} keys of physician {} whose grants lapsed", dropped, lapsed[1]);
        }
    }

    private void wrapExisting(
            PatientId patient,
            PhysicianId physician,
            byte[] physicianKey,
            Optional<SessionKeys.Held<PatientCard>> card,
            Map<UUID, WrappedKey> given) {
        List<UUID> ids = visits.idsOfPatient(patient.value());
        if (given != null && !given.isEmpty()) {
            for (Map.Entry<UUID, WrappedKey> wrapped : given.entrySet()) {
                if (!ids.contains(wrapped.getKey())) {
                    throw RecordsProblems.invalid(
                            "unknown-visit", "No visit " + wrapped.getKey() + " of this patient is kept here");
                }
                visits.wrap(
                        wrapped.getKey(), physician.value(), wrapped.getValue().encode());
            }
            return;
        }
        if (card.isEmpty()) {
            return;
        }
        Agreements patientKey = card.get().agreements();
        for (VisitRows.Visit visit : visits.ofPatient(patient.value(), VisitRows.PATIENT)) {
            if (visit.wrappedKey() == null) {
                continue;
            }
            byte[] context = VisitContexts.key(visit.id(), patient.value());
            DataKey key = DataKey.unwrap(WrappedKey.decode(visit.wrappedKey()), patientKey, context);
            visits.wrap(
                    visit.id(),
                    physician.value(),
                    key.wrapFrom(patientKey, physicianKey, context, random).encode());
        }
    }

    private Grant view(ConsentRows.Grant row, Instant now) {
        String name = physicians.nameOf(row.physicianId());
        return new Grant(
                row.id(),
                row.patientId(),
                row.physicianId(),
                name,
                row.scope(),
                row.issuedAt(),
                row.expiresAt(),
                row.revokedAt(),
                row.inForceAt(now));
    }

    private static PhysicianId physicianId(String id) {
        if (!PhysicianId.isWellFormed(id)) {
            throw RecordsProblems.invalid("unknown-physician", "A physician identifier is 32 lower-case hex digits");
        }
        return new PhysicianId(id);
    }
}
