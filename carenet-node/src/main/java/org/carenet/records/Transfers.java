package org.carenet.records;

import static org.carenet.network.LedgerUnavailable.available;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.carenet.access.AuditEvent;
import org.carenet.access.AuditOutcome;
import org.carenet.access.AuditTrail;
import org.carenet.access.CurrentUser;
import org.carenet.access.Resource;
import org.carenet.card.CardFile;
import org.carenet.card.ConsentGrant;
import org.carenet.card.PatientCertificate;
import org.carenet.card.PatientId;
import org.carenet.card.PhysicianId;
import org.carenet.ledger.Canonical;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.LedgerState;
import org.carenet.ledger.LedgerUnavailableException;
import org.carenet.ledger.Membership;
import org.carenet.ledger.Outcome;
import org.carenet.ledger.RequestSignature;
import org.carenet.network.NetworkLedger;
import org.carenet.network.NetworkMembership;
import org.carenet.platform.HttpProperties;
import org.carenet.records.internal.ConsentRows;
import org.carenet.records.internal.PatientRows;
import org.carenet.records.internal.PeerNodes;
import org.carenet.records.internal.PhysicianRows;
import org.carenet.records.internal.TransferRows;
import org.carenet.records.internal.TransferRows.Direction;
import org.carenet.records.internal.VisitRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A patient's transfer to another hospital, as a saga whose every step is recorded before the next and is safe to
 * repeat, so that a crash of either node at any point ends, once both run again, with the records at exactly one
 * hospital and the ledger naming it:
 *
 * <ol>
 *   <li>STARTED — the patient asked; their records here are marked as leaving (no new registration elsewhere, no
 *       unregistering meanwhile).
 *   <li>OFFERED — the receiving hospital agreed to take them: it holds no records of the patient, and expects them.
 *       If it refuses, the transfer FAILS and nothing changed.
 *   <li>LEDGER_TRANSFERRED — the ledger names the receiver.
 *   <li>HANDED_OVER — the receiver verified this hospital's signature, stored the encrypted records and confirmed
 *       with a receipt it signed.
 *   <li>DONE — the local copy is deleted.
 * </ol>
 *
 * Records travel as they are stored: ciphertext and wrapped keys, nothing either hospital can read. A transfer
 * that stops part way is taken up again every few seconds, and at start.
 */
@Service
public class Transfers {

    private static final Logger log = LoggerFactory.getLogger(Transfers.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration SKEW = Duration.ofMinutes(5);
    /** How long a transfer waits for the receiver to answer its offer before it fails; nothing has moved by then. */
    static final Duration GIVE_UP_AFTER = Duration.ofHours(1);
    /** How the audit trail names another hospital acting on this one. */
    private static final String HOSPITAL_ACTOR = "hospital:";

    /** The path a hospital offers a transfer at, and (without {@code /offer}) hands the records over. */
    public static final String HANDOVERS = HttpProperties.HANDOVERS;

    static final String STARTED = "STARTED";
    static final String OFFERED = "OFFERED";
    static final String LEDGER_TRANSFERRED = "LEDGER_TRANSFERRED";
    static final String HANDED_OVER = "HANDED_OVER";
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";
    static final String EXPECTED = "EXPECTED";
    static final String RECEIVED = "RECEIVED";
    /** Not a state: the moment the ledger applied the transfer, before the sender records it (a test's fault). */
    static final String LEDGER_APPLIED = "LEDGER_APPLIED";

    /** A transfer as the patient sees it. */
    public record Transfer(
            UUID id, String patient, String from, String to, String state, String failure, Instant updatedAt) {}

    /** What a hospital that takes a patient's records answers: signed, so that the sender may delete its copy. */
    public record Receipt(UUID transfer, String patient, String hospital, String digest, String signature) {

        byte[] signedBytes() {
            return receiptBytes(transfer, patient, hospital, digest);
        }
    }

    private final NetworkLedger network;
    private final NetworkMembership membership;
    private final PatientRows patients;
    private final VisitRows visits;
    private final ConsentRows consents;
    private final PhysicianRows physicians;
    private final TransferRows transfers;
    private final PeerNodes peers;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;
    private final Clock clock;
    private final String failAfter;
    /** Set once the injected fault's step was reached: this node's transfers stand still until it restarts. */
    private volatile boolean crashed;

    /**
     * The transfers a thread of this node is advancing: the request that started one until it answers, or the
     * periodic resume. Each is advanced by one thread at a time, so a request answers where its saga ended, not the
     * step it was at when the resume moved it on. The row's compare-and-set of each step stays the guard that keeps
     * a step from overwriting a later one.
     */
    private final Set<UUID> advancing = ConcurrentHashMap.newKeySet();

    Transfers(
            NetworkLedger network,
            NetworkMembership membership,
            PatientRows patients,
            VisitRows visits,
            ConsentRows consents,
            PhysicianRows physicians,
            TransferRows transfers,
            PeerNodes peers,
            TransactionTemplate transactions,
            AuditTrail audit,
            Clock clock,
            @Value("${carenet.records.transfer.fail-after:}") String failAfter) {
        this.network = network;
        this.membership = membership;
        this.patients = patients;
        this.visits = visits;
        this.consents = consents;
        this.physicians = physicians;
        this.transfers = transfers;
        this.peers = peers;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.failAfter = failAfter == null ? "" : failAfter.strip();
        if (!this.failAfter.isEmpty()) {
            log.warn("fault injection: transfers stop after step {} (carenet.records.transfer.fail-after)", failAfter);
        }
    }

    /**
     * The calling patient asks to move their records to {@code hospital}.
     *
     * @throws RecordsProblems.RecordsProblem 422 unknown-hospital or same-hospital; 404 or 409 if the patient is not
     *     registered here; 409 transfer-in-progress
     */
    public Transfer start(CurrentUser caller, String hospital) {
        PatientId patient = Patients.patientOf(caller);
        Ledger ledger = network.require();
        HospitalId here = ledger.hospital();
        HospitalId to = memberOrRefuse(ledger.membership(), hospital);
        if (to.equals(here)) {
            throw RecordsProblems.invalid("same-hospital", "The patient is registered at " + here + " already");
        }
        Optional<PatientRows.Patient> kept = patients.find(patient.value());
        if (kept.isPresent() && kept.get().state() == PatientRows.State.TRANSFERRING) {
            throw RecordsProblems.conflict("transfer-in-progress", "A transfer of this patient is under way");
        }
        if (kept.isEmpty() || kept.get().state() != PatientRows.State.REGISTERED) {
            LedgerState.Lookup lookup = available(() -> ledger.getSynced(patient.value()));
            if (lookup.exists() && !lookup.isOwner()) {
                throw RecordsProblems.registeredElsewhere(lookup.owner().value());
            }
            throw RecordsProblems.notRegistered();
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        advancing.add(id); // before the transfer is stored: the resume must never see it unclaimed
        try {
            transactions.executeWithoutResult(status -> {
                patients.findForUpdate(patient.value())
                        .filter(row -> row.state() == PatientRows.State.REGISTERED)
                        .orElseThrow(() ->
                                RecordsProblems.conflict("transfer-in-progress", "The patient's records are changing"));
                transfers.insert(id, Direction.OUT, patient.value(), to.value(), STARTED, now);
                patients.setState(patient.value(), PatientRows.State.TRANSFERRING, now);
            });
            injectedFault("source", STARTED);
            TransferRows.Transfer transfer = transfers.find(id, Direction.OUT).orElseThrow();
            advance(transfer);
            return view(transfers.find(id, Direction.OUT).orElseThrow(), here.value());
        } finally {
            advancing.remove(id);
        }
    }

    public List<Transfer> ofCaller(CurrentUser caller) {
        String here = membership.hospital().value();
        return transfers.ofPatient(Patients.patientOf(caller).value()).stream()
                .map(row -> view(row, here))
                .toList();
    }

    /** Takes up every transfer this hospital started and did not finish. */
    @Scheduled(fixedDelayString = "${carenet.records.transfer.retry:5s}", initialDelay = 2_000)
    void resume() {
        if (network.ledger().isEmpty()) {
            return;
        }
        for (TransferRows.Transfer listed : transfers.unfinished(Direction.OUT)) {
            if (!advancing.add(listed.id())) {
                continue; // its request is advancing it, and answers with where it ends
            }
            try {
                transfers.find(listed.id(), Direction.OUT).ifPresent(this::advance);
            } catch (RuntimeException e) {
                log.warn(
                        "transfer {} of patient {} stays at {} or a step after: {}",
                        listed.id(),
                        listed.patientId(),
                        listed.state(),
                        e.getMessage());
            } finally {
                advancing.remove(listed.id());
            }
        }
    }

    /** Runs the saga from where it stands as far as it goes now. */
    private void advance(TransferRows.Transfer start) {
        requireNotCrashed();
        TransferRows.Transfer transfer = start;
        while (true) {
            String next = step(transfer);
            if (next == null) {
                return;
            }
            transfer = transfers.find(transfer.id(), Direction.OUT).orElseThrow();
            injectedFault("source", next);
            if (next.equals(DONE) || next.equals(FAILED)) {
                return;
            }
        }
    }

    /** One step: returns the state it reached, or null if it cannot go on now. */
    private String step(TransferRows.Transfer transfer) {
        HospitalId to = new HospitalId(transfer.peer());
        Ledger ledger = network.require();
        String patient = transfer.patientId();
        switch (transfer.state()) {
            case STARTED -> {
                if (Duration.between(transfer.createdAt(), clock.instant()).compareTo(GIVE_UP_AFTER) > 0) {
                    return fail(transfer, to + " did not take up the offer within " + GIVE_UP_AFTER);
                }
                byte[] offer = JSON.writeValueAsBytes(Map.of(
                        "transfer", transfer.id().toString(),
                        "patient", patient,
                        "from", ledger.hospital().value()));
                Optional<PeerNodes.Answer> answer = peers.post(to, HANDOVERS + transfer.id() + "/offer", offer);
                if (answer.isEmpty() || answer.get().status() >= 500) {
                    log.info("transfer {}: {} is not reachable yet", transfer.id(), to);
                    return null;
                }
                if (answer.get().status() != 200) {
                    return fail(transfer, to + " refused the transfer: " + problemDetail(answer.get()));
                }
                return moveTo(transfer, OFFERED);
            }
            case OFFERED -> {
                Outcome outcome;
                try {
                    outcome = Ledger.await(ledger.transfer(patient, to));
                } catch (LedgerUnavailableException e) {
                    log.info("transfer {}: the ledger is not available: {}", transfer.id(), e.getMessage());
                    return null;
                }
                if (outcome.applied()) {
                    injectedFault("source", LEDGER_APPLIED);
                    return moveTo(transfer, LEDGER_TRANSFERRED);
                }
                // a repeat after a crash: the ledger may name the receiver already
                LedgerState.Lookup lookup;
                try {
                    lookup = ledger.getSynced(patient);
                } catch (LedgerUnavailableException e) {
                    return null;
                }
                if (lookup.exists() && lookup.owner().equals(to)) {
                    return moveTo(transfer, LEDGER_TRANSFERRED);
                }
                return fail(transfer, "the ledger refused the transfer: " + outcome.kind() + " " + outcome.detail());
            }
            case LEDGER_TRANSFERRED -> {
                byte[] bundle = bundle(transfer, ledger.hospital());
                Optional<PeerNodes.Answer> answer = peers.post(to, HANDOVERS + transfer.id(), bundle);
                if (answer.isEmpty() || answer.get().status() != 200) {
                    log.info(
                            "transfer {}: {} did not take the records yet: {}",
                            transfer.id(),
                            to,
                            answer.map(Transfers::problemDetail).orElse("unreachable"));
                    return null;
                }
                Receipt receipt = JSON.readValue(answer.get().body(), Receipt.class);
                Optional<Membership.Member> receiver = ledger.membership().member(to);
                if (receiver.isEmpty()
                        || !receipt.transfer().equals(transfer.id())
                        || !receipt.patient().equals(patient)
                        || !receipt.hospital().equals(to.value())
                        || !receipt.digest().equals(digest(bundle))
                        || !receiver.get()
                                .key()
                                .verifies(
                                        receipt.signedBytes(),
                                        Base64.getDecoder().decode(receipt.signature()))) {
                    log.error(
                            "transfer {}: {} answered a receipt that does not verify; the records stay here",
                            transfer.id(),
                            to);
                    return null;
                }
                return moveTo(transfer, HANDED_OVER);
            }
            case HANDED_OVER -> {
                Instant now = clock.instant();
                boolean done = Boolean.TRUE.equals(transactions.execute(status -> {
                    if (!transfers.advance(transfer.id(), Direction.OUT, HANDED_OVER, DONE, null, now)) {
                        return false;
                    }
                    patients.delete(patient);
                    return true;
                }));
                if (!done) {
                    return null;
                }
                audit.record(new AuditEvent(
                        AuditEvent.SYSTEM,
                        "",
                        "TRANSFER",
                        Resource.PATIENT.name(),
                        patient,
                        AuditOutcome.SUCCESS,
                        "records handed over to " + to + " (transfer " + transfer.id() + "), deleted here"));
                log.info("transfer {}: patient {} is now at {}", transfer.id(), patient, to);
                return DONE;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Records the step reached, if the transfer still stands where this worker read it. Within a node one thread
     * advances a transfer at a time ({@link #advancing}); the compare-and-set guards the rest, such as a second node
     * started by mistake on the same database: every step is safe to repeat, but a step never overwrites one another
     * worker recorded after it. Null when another worker moved it first.
     */
    private String moveTo(TransferRows.Transfer transfer, String state) {
        return transfers.advance(transfer.id(), Direction.OUT, transfer.state(), state, null, clock.instant())
                ? state
                : null;
    }

    /** Ends a transfer that could not begin: the records stay, the patient is registered here as before. */
    private String fail(TransferRows.Transfer transfer, String why) {
        Instant now = clock.instant();
        boolean failed = Boolean.TRUE.equals(transactions.execute(status -> {
            if (!transfers.advance(transfer.id(), Direction.OUT, transfer.state(), FAILED, why, now)) {
                return false;
            }
            patients.setState(transfer.patientId(), PatientRows.State.REGISTERED, now);
            return true;
        }));
        if (!failed) {
            return null;
        }
        log.warn("transfer {} of patient {} failed: {}", transfer.id(), transfer.patientId(), why);
        return FAILED;
    }

    // ---- the receiving hospital

    /**
     * Another hospital offers a patient's records: this one agrees if it keeps none of the patient, and then
     * expects them (a registration of the patient here waits for them).
     */
    public Map<String, Object> offered(RequestSignature signature, UUID id, String pathAndQuery, byte[] body) {
        requireNotCrashed();
        Ledger ledger = network.require();
        trust(ledger, signature, pathAndQuery, body);
        JsonNode offer = JSON.readTree(body);
        String patient = patientIdOf(offer.path("patient").asString());
        checkSender(
                signature, offer.path("from").asString(), offer.path("transfer").asString(), id);
        LedgerState.Lookup owner = available(() -> ledger.getSynced(patient));
        if (!owner.exists() || !owner.owner().equals(signature.hospital())) {
            throw RecordsProblems.conflict(
                    "not-owner", "The ledger does not name " + signature.hospital() + " as the patient's hospital");
        }
        Optional<TransferRows.Transfer> known = transfers.find(id, Direction.IN);
        Instant now = clock.instant();
        if (known.isEmpty()) {
            if (patients.find(patient).isPresent()) {
                throw RecordsProblems.conflict(
                        "holds-records", ledger.hospital() + " keeps records of this patient already");
            }
            Optional<TransferRows.Transfer> open = transfers.open(patient, Direction.IN);
            if (open.isPresent()) {
                if (!open.get().peer().equals(signature.hospital().value())) {
                    throw RecordsProblems.conflict(
                            "transfer-in-progress", "Another transfer of this patient to here is under way");
                }
                // the sender gave its earlier transfer up (it failed before the ledger moved) and offers anew
                transfers.advance(
                        open.get().id(), Direction.IN, open.get().state(), FAILED, "superseded by " + id, now);
            }
            transfers.insert(id, Direction.IN, patient, signature.hospital().value(), EXPECTED, now);
        } else if (!known.get().peer().equals(signature.hospital().value())) {
            throw RecordsProblems.conflict("not-offered", "Transfer " + id + " was offered by another hospital");
        }
        injectedFault("receiver", EXPECTED);
        return Map.of("transfer", id.toString(), "accepted", true);
    }

    /**
     * Another hospital hands over a patient's records, after the ledger named this one: stored as they come
     * (ciphertext, wrapped keys, grants the patient signed), then confirmed with a signed receipt. Handing the same
     * transfer over again stores nothing more and answers the same receipt.
     */
    public Receipt received(RequestSignature signature, UUID id, String pathAndQuery, byte[] body) {
        requireNotCrashed();
        Ledger ledger = network.require();
        trust(ledger, signature, pathAndQuery, body);
        JsonNode bundle = JSON.readTree(body);
        String patient = patientIdOf(bundle.path("patient").asString());
        checkSender(
                signature,
                bundle.path("from").asString(),
                bundle.path("transfer").asString(),
                id);
        if (!ledger.hospital().value().equals(bundle.path("to").asString())) {
            throw RecordsProblems.badRequest("invalid-handover", "The records are not addressed to this hospital");
        }
        Optional<TransferRows.Transfer> known = transfers.find(id, Direction.IN);
        if (known.isEmpty() || !known.get().peer().equals(signature.hospital().value())) {
            throw RecordsProblems.conflict(
                    "not-offered", "No offer of transfer " + id + " by " + signature.hospital() + " was accepted here");
        }
        String digest = digest(body);
        if (known.get().state().equals(RECEIVED)) {
            if (!digest.equals(known.get().digest())) {
                throw RecordsProblems.conflict(
                        "different-handover", "Transfer " + id + " was handed over already, with other records");
            }
            return receipt(id, patient, ledger, body);
        }
        LedgerState.Lookup lookup = available(() -> ledger.getSynced(patient));
        if (!lookup.exists() || !lookup.isOwner()) {
            throw RecordsProblems.conflict(
                    "not-yet-owner",
                    "The ledger does not name " + ledger.hospital() + " as the patient's hospital yet");
        }
        if (patients.find(patient).isPresent()) {
            throw RecordsProblems.conflict(
                    "holds-records", ledger.hospital() + " keeps records of this patient already");
        }
        PatientCertificate certificate;
        try {
            certificate = CardFile.certificate(bundle.required("certificate"));
        } catch (RuntimeException e) {
            throw RecordsProblems.badRequest("invalid-handover", "The patient's certificate is malformed");
        }
        if (!certificate.patient().value().equals(patient)
                || !certificate.isIssuedBy(ledger.membership().operatorKey())) {
            throw RecordsProblems.invalid("invalid-handover", "The patient's certificate is not this network's");
        }
        Instant now = clock.instant();
        try {
            store(bundle, patient, certificate, id, digest, now);
        } catch (RecordsProblems.RecordsProblem e) {
            throw e;
        } catch (RuntimeException e) {
            throw RecordsProblems.badRequest("invalid-handover", "The hand-over is malformed: " + e.getMessage());
        }
        injectedFault("receiver", RECEIVED);
        audit.record(new AuditEvent(
                HOSPITAL_ACTOR + signature.hospital(),
                "",
                "TRANSFER",
                Resource.PATIENT.name(),
                patient,
                AuditOutcome.SUCCESS,
                "records received from " + signature.hospital() + " (transfer " + id + ", "
                        + bundle.path("visits").size() + " visits)"));
        log.info("transfer {}: received the records of patient {} from {}", id, patient, signature.hospital());
        return receipt(id, patient, ledger, body);
    }

    /** Stores what a hand-over brings, in one transaction; a malformed field undoes it all. */
    private void store(
            JsonNode bundle, String patient, PatientCertificate certificate, UUID id, String digest, Instant now) {
        transactions.executeWithoutResult(status -> {
            patients.rememberCertificate(
                    patient,
                    JSON.writeValueAsString(CardFile.certificateFields(certificate)),
                    certificate.issuedAt(),
                    now);
            patients.register(patient, now);
            for (JsonNode visit : bundle.path("visits")) {
                Map<String, byte[]> wraps = new LinkedHashMap<>();
                visit.path("keys")
                        .properties()
                        .forEach(key -> wraps.put(
                                key.getKey(),
                                Base64.getDecoder().decode(key.getValue().asString())));
                String author = visit.path("physician").asString();
                if (!PhysicianId.isWellFormed(author)) {
                    throw RecordsProblems.badRequest("invalid-handover", "A visit names no physician");
                }
                visits.insert(
                        new VisitRows.Visit(
                                UUID.fromString(visit.path("id").asString()),
                                patient,
                                author,
                                visit.path("hospital").asString(),
                                Instant.parse(visit.path("time").asString()),
                                Instant.parse(visit.path("writtenAt").asString()),
                                Base64.getDecoder().decode(visit.path("content").asString()),
                                null),
                        wraps);
            }
            for (JsonNode grant : bundle.path("grants")) {
                ConsentRows.Grant row = grantRow(grant, patient, now);
                ConsentGrant signed = new ConsentGrant(
                        row.id(),
                        certificate.patient(),
                        new PhysicianId(row.physicianId()),
                        ConsentGrant.Scope.valueOf(row.scope()),
                        row.issuedAt(),
                        row.expiresAt(),
                        row.signature());
                if (!signed.isSignedBy(certificate.signingKey())) {
                    throw RecordsProblems.invalid("invalid-handover", "A grant is not signed by the patient");
                }
                consents.insert(row);
            }
            for (JsonNode link : bundle.path("links")) {
                String physician = link.path("physician").asString();
                if (physicians.byId(physician).isPresent()) {
                    consents.link(
                            patient,
                            physician,
                            Instant.parse(link.path("linkedAt").asString()),
                            link.path("linkedBy").asString());
                }
            }
            transfers.received(id, digest, now);
        });
    }

    /** Whether a transfer of the patient to this hospital is under way: it holds back a registration here. */
    boolean isExpected(PatientId patient) {
        return transfers.open(patient.value(), Direction.IN).isPresent();
    }

    private Receipt receipt(UUID id, String patient, Ledger ledger, byte[] body) {
        String hospital = ledger.hospital().value();
        String digest = digest(body);
        byte[] signed = receiptBytes(id, patient, hospital, digest);
        return new Receipt(
                id,
                patient,
                hospital,
                digest,
                Base64.getEncoder().encodeToString(membership.ledgerKey().sign(signed)));
    }

    /**
     * Whether a request's headers name a member hospital and a time within the skew, before its body is read; the
     * signature over the body is checked once it is.
     */
    public void admit(RequestSignature signature) {
        Ledger ledger = network.require();
        if (ledger.membership().member(signature.hospital()).isEmpty()) {
            throw RecordsProblems.unauthenticatedHospital(signature.hospital() + " is not a member of the network");
        }
        if (Duration.between(signature.at(), clock.instant()).abs().compareTo(SKEW) > 0) {
            throw RecordsProblems.unauthenticatedHospital(
                    "the request was signed at " + signature.at() + ", more than " + SKEW + " from this node's clock");
        }
    }

    private void trust(Ledger ledger, RequestSignature signature, String pathAndQuery, byte[] body) {
        Optional<String> distrust =
                signature.distrust(ledger.membership(), clock.instant(), SKEW, "POST", pathAndQuery, body);
        if (distrust.isPresent()) {
            throw RecordsProblems.unauthenticatedHospital(distrust.get());
        }
    }

    private static void checkSender(RequestSignature signature, String from, String transfer, UUID id) {
        if (!signature.hospital().value().equals(from) || !id.toString().equals(transfer)) {
            throw RecordsProblems.badRequest(
                    "invalid-handover", "The request's signer, sender and transfer id do not agree");
        }
    }

    private byte[] bundle(TransferRows.Transfer transfer, HospitalId from) {
        String patient = transfer.patientId();
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("transfer", transfer.id().toString());
        bundle.put("patient", patient);
        bundle.put("from", from.value());
        bundle.put("to", transfer.peer());
        bundle.put(
                "certificate",
                JSON.readTree(patients.certificate(patient).orElseThrow().document()));
        Map<UUID, Map<String, byte[]>> wraps = visits.wrapsOfPatient(patient);
        List<Map<String, Object>> visitList = new ArrayList<>();
        for (VisitRows.Visit visit : visits.ofPatient(patient, VisitRows.PATIENT)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", visit.id().toString());
            entry.put("physician", visit.physicianId());
            entry.put("hospital", visit.hospital());
            entry.put("time", visit.visitedAt().toString());
            entry.put("writtenAt", visit.writtenAt().toString());
            entry.put("content", Base64.getEncoder().encodeToString(visit.content()));
            Map<String, String> keys = new LinkedHashMap<>();
            wraps.getOrDefault(visit.id(), Map.of())
                    .forEach((recipient, wrapped) ->
                            keys.put(recipient, Base64.getEncoder().encodeToString(wrapped)));
            entry.put("keys", keys);
            visitList.add(entry);
        }
        bundle.put("visits", visitList);
        List<Map<String, Object>> grants = new ArrayList<>();
        for (ConsentRows.Grant grant : consents.ofPatient(patient)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", grant.id().toString());
            entry.put("physician", grant.physicianId());
            entry.put("scope", grant.scope());
            entry.put("issuedAt", grant.issuedAt().toString());
            entry.put("expiresAt", grant.expiresAt().toString());
            entry.put("signature", Base64.getEncoder().encodeToString(grant.signature()));
            entry.put(
                    "revokedAt",
                    grant.revokedAt() == null ? null : grant.revokedAt().toString());
            grants.add(entry);
        }
        bundle.put("grants", grants);
        List<Map<String, Object>> links = new ArrayList<>();
        for (ConsentRows.Link link : consents.linksOfPatient(patient)) {
            links.add(Map.of(
                    "physician", link.physicianId(),
                    "linkedAt", link.linkedAt().toString(),
                    "linkedBy", link.linkedBy()));
        }
        bundle.put("links", links);
        return JSON.writeValueAsBytes(bundle);
    }

    private static ConsentRows.Grant grantRow(JsonNode grant, String patient, Instant now) {
        JsonNode revoked = grant.path("revokedAt");
        return new ConsentRows.Grant(
                UUID.fromString(grant.path("id").asString()),
                patient,
                grant.path("physician").asString(),
                grant.path("scope").asString(),
                Instant.parse(grant.path("issuedAt").asString()),
                Instant.parse(grant.path("expiresAt").asString()),
                Base64.getDecoder().decode(grant.path("signature").asString()),
                now,
                revoked.isNull() || revoked.isMissingNode() ? null : Instant.parse(revoked.asString()));
    }

    private Transfer view(TransferRows.Transfer row, String here) {
        boolean out = row.direction() == Direction.OUT;
        return new Transfer(
                row.id(),
                row.patientId(),
                out ? here : row.peer(),
                out ? row.peer() : here,
                row.state(),
                row.failure(),
                row.updatedAt());
    }

    /**
     * Stops the transfers here once the injected fault's step is reached, as a crash there would: from then on
     * this node takes no step of any transfer, sending or receiving, until it is started again.
     */
    private void injectedFault(String side, String step) {
        if (failAfter.equals(side + ":" + step)) {
            crashed = true;
        }
        requireNotCrashed();
    }

    private void requireNotCrashed() {
        if (crashed) {
            throw new InjectedFault(
                    "transfers here stopped after " + failAfter + " (carenet.records.transfer.fail-after)");
        }
    }

    /** The failure a test injects to stop a transfer at a step, as a crash there would. */
    static final class InjectedFault extends IllegalStateException {
        InjectedFault(String message) {
            super(message);
        }
    }

    private static HospitalId memberOrRefuse(Membership membership, String hospital) {
        try {
            HospitalId id = new HospitalId(hospital == null ? "" : hospital);
            if (membership.member(id).isPresent()) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // not a well-formed id: as unknown
        }
        throw RecordsProblems.invalid("unknown-hospital", "No hospital '" + hospital + "' is in the network");
    }

    private static String patientIdOf(String id) {
        try {
            return new PatientId(id).value();
        } catch (IllegalArgumentException e) {
            throw RecordsProblems.badRequest("invalid-handover", "The patient identifier is malformed");
        }
    }

    private static String problemDetail(PeerNodes.Answer answer) {
        try {
            return answer.status() + " "
                    + JSON.readTree(answer.body()).path("detail").asString("");
        } catch (RuntimeException e) {
            return "HTTP " + answer.status();
        }
    }

    static byte[] receiptBytes(UUID transfer, String patient, String hospital, String digest) {
        return new Canonical()
                .text("carenet-handover-receipt-v1")
                .text(transfer.toString())
                .text(patient)
                .text(hospital)
                .text(digest)
                .toBytes();
    }

    static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
