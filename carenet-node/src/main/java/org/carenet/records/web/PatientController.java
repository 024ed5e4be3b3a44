package org.carenet.records.web;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carenet.access.Access;
import org.carenet.access.AuditEntry;
import org.carenet.access.CurrentUser;
import org.carenet.access.Operation;
import org.carenet.access.Page;
import org.carenet.access.PublicEndpoint;
import org.carenet.access.Resource;
import org.carenet.access.Role;
import org.carenet.access.Tokens;
import org.carenet.card.CardFile;
import org.carenet.card.ConsentGrant;
import org.carenet.card.PatientCertificate;
import org.carenet.card.WrappedKey;
import org.carenet.records.CardUploads;
import org.carenet.records.Consents;
import org.carenet.records.PatientLogins;
import org.carenet.records.Patients;
import org.carenet.records.Transfers;
import org.carenet.records.Visits;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Patients' own API (card login, registration, records, consent grants, who accessed them) and physicians' access
 * to a patient's visits. Every call is audited under the patient's identifier, which is what a patient's access
 * log reads.
 */
@Tag(name = "Patients", description = "Card logins, registration, records, consent grants and access log")
@RestController
@RequestMapping("/api/patients")
class PatientController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PatientLogins logins;
    private final Patients patients;
    private final Visits visits;
    private final Consents consents;
    private final Transfers transfers;
    private final CardUploads uploads;

    PatientController(
            PatientLogins logins,
            Patients patients,
            Visits visits,
            Consents consents,
            Transfers transfers,
            CardUploads uploads) {
        this.logins = logins;
        this.patients = patients;
        this.visits = visits;
        this.consents = consents;
        this.transfers = transfers;
        this.uploads = uploads;
    }

    static char[] password(CardUpload upload) {
        return upload.password() == null ? null : upload.password().toCharArray();
    }

    /**
     * A card login: the certificate as the card file holds it, the challenge from {@code /challenge}, and the card
     * signing key's signature (base64) over {@code canonical("carenet-patient-login-v1", hospital id, challenge)}.
     */
    record CardLogin(
            @NotNull JsonNode certificate,
            @NotBlank String challenge,
            @NotBlank String signature) {}

    /** A card file's document as uploaded, and its password if it has one. */
    record CardUpload(
            @NotNull JsonNode card, @Size(max = 1024) String password) {}

    record NewGrant(
            UUID id,
            @NotBlank String physician,
            @NotNull ConsentGrant.Scope scope,
            Instant issuedAt,
            @NotNull Instant expiresAt,
            String signature,
            Map<UUID, String> keys) {}

    record Vitals(
            @Min(40) @Max(300) Integer systolic,
            @Min(20) @Max(200) Integer diastolic,
            @Min(20) @Max(300) Integer heartRate,

            @jakarta.validation.constraints.DecimalMin("20") @jakarta.validation.constraints.DecimalMax("260")
            Double heightCm,

            @jakarta.validation.constraints.DecimalMin("0.5") @jakarta.validation.constraints.DecimalMax("500")
            Double weightKg) {}

    record NewVisit(
            @NotNull Instant time,
            @NotBlank @Size(max = 500) String reason,
            @Size(max = 20_000) String notes,
            @Size(max = 2_000) String diagnosis,
            @Size(max = 2_000) String treatment,
            @Valid Vitals vitals) {}

    @io.swagger.v3.oas.annotations.Operation(
            summary = "A challenge for a card login",
            description = "Random, single-use, valid for two minutes. Sign it with the card (see POST /login).")
    @PublicEndpoint("a patient asks for a challenge before they can prove who they are")
    @PostMapping("/challenge")
    PatientLogins.Challenge challenge() {
        return logins.challenge();
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Log in with a patient card",
            description = "The certificate must be issued by this network's operator and the signature be the card's"
                    + " over this hospital's id and the challenge. Answers tokens as /api/auth/login does.")
    @PublicEndpoint("the card's signature is how a patient proves who they are")
    @PostMapping("/login")
    Tokens login(@Valid @RequestBody CardLogin login) {
        PatientCertificate certificate;
        byte[] signature;
        try {
            certificate = CardFile.certificate(login.certificate());
            signature = Base64.getDecoder().decode(login.signature());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("invalid-card", e.getMessage());
        }
        return logins.login(certificate, login.challenge(), signature);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "The calling patient's registration")
    @Access(resource = Resource.PATIENT, operation = Operation.READ, idVariable = Access.CALLER, callers = Role.PATIENT)
    @GetMapping("/me")
    Patients.Registration me(CurrentUser caller) {
        return patients.registration(caller);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Present the card in this session",
            description = "The card's keys stay in the node's memory for the session, never stored: records are then"
                    + " shown decrypted and grants signed here.")
    @Access(
            resource = Resource.PATIENT,
            operation = Operation.UPDATE,
            idVariable = Access.CALLER,
            callers = Role.PATIENT)
    @PostMapping("/me/card")
    Patients.Registration presentCard(CurrentUser caller, @Valid @RequestBody CardUpload upload) {
        patients.presentCard(caller, uploads.open(JSON.writeValueAsBytes(upload.card()), password(upload)));
        return patients.registration(caller);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Register at this hospital",
            description = "At most one hospital network-wide: 409 already-registered-here, or 409"
                    + " registered-elsewhere naming the owner.")
    @Access(
            resource = Resource.PATIENT,
            operation = Operation.CREATE,
            idVariable = Access.CALLER,
            callers = Role.PATIENT)
    @PostMapping("/me/registration")
    ResponseEntity<Patients.Registration> register(CurrentUser caller) {
        return ResponseEntity.status(HttpStatus.CREATED).body(patients.register(caller));
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Unregister from the network",
            description = "Only at the hospital the patient is registered at (409 registered-elsewhere); 404"
                    + " not-registered when registered nowhere. The records stay at this hospital.")
    @Access(
            resource = Resource.PATIENT,
            operation = Operation.DELETE,
            idVariable = Access.CALLER,
            callers = Role.PATIENT)
    @DeleteMapping("/me/registration")
    ResponseEntity<Void> unregister(CurrentUser caller) {
        patients.unregister(caller);
        return ResponseEntity.noContent().build();
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "The calling patient's visits kept here",
            description = "Each with its ciphertext and the patient's wrap of its key (to decrypt with the card), and"
                    + " decrypted when the card is present in this session.")
    @Access(resource = Resource.RECORD, operation = Operation.READ, idVariable = Access.CALLER, callers = Role.PATIENT)
    @GetMapping("/me/records")
    List<Visits.Visit> records(CurrentUser caller) {
        return visits.readOwn(caller);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "The calling patient's consent grants")
    @Access(resource = Resource.CONSENT, operation = Operation.READ, idVariable = Access.CALLER, callers = Role.PATIENT)
    @GetMapping("/me/grants")
    List<Consents.Grant> grants(CurrentUser caller) {
        return consents.grants(caller);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Grant a physician access to the records",
            description = "Either signed by the patient's client (signature over the grant, issuedAt, and keys: each"
                    + " visit's data key wrapped to the physician), or signed here with the card present in this"
                    + " session. Repeating a grant with the same id changes nothing.")
    @Access(
            resource = Resource.CONSENT,
            operation = Operation.CREATE,
            idVariable = Access.CALLER,
            callers = Role.PATIENT)
    @PostMapping("/me/grants")
    ResponseEntity<Consents.Grant> grant(CurrentUser caller, @Valid @RequestBody NewGrant grant) {
        Map<UUID, WrappedKey> keys = new LinkedHashMap<>();
        byte[] signature;
        try {
            signature = grant.signature() == null ? null : Base64.getDecoder().decode(grant.signature());
            if (grant.keys() != null) {
                grant.keys().forEach((visit, wrapped) -> keys.put(visit, WrappedKey.fromBase64(wrapped)));
            }
        } catch (IllegalArgumentException e) {
            throw new BadRequest("invalid-grant", e.getMessage());
        }
        Consents.Grant granted = consents.grant(
                caller,
                new Consents.GrantRequest(
                        grant.id(),
                        grant.physician(),
                        grant.scope(),
                        grant.issuedAt(),
                        grant.expiresAt(),
                        signature,
                        keys));
        return ResponseEntity.created(URI.create("/api/patients/me/grants/" + granted.id()))
                .body(granted);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Revoke a grant",
            description = "The physician's wraps of the records' keys go with it, unless another grant is in force.")
    @Access(
            resource = Resource.CONSENT,
            operation = Operation.DELETE,
            idVariable = Access.CALLER,
            callers = Role.PATIENT)
    @DeleteMapping("/me/grants/{id}")
    ResponseEntity<Void> revoke(CurrentUser caller, @PathVariable UUID id) {
        consents.revoke(caller, id);
        return ResponseEntity.noContent().build();
    }

    record NewTransfer(@NotBlank @Size(max = 100) String hospital) {}

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Transfer the records to another hospital",
            description = "A saga: the receiver agrees, the ledger moves the registration, the receiver confirms the"
                    + " encrypted records, then they are deleted here. Answers the transfer as far as it got (DONE, or"
                    + " a step it goes on from by itself); 422 unknown-hospital or same-hospital.")
    @Access(
            resource = Resource.PATIENT,
            operation = Operation.UPDATE,
            idVariable = Access.CALLER,
            callers = Role.PATIENT)
    @PostMapping("/me/transfers")
    ResponseEntity<Transfers.Transfer> transfer(CurrentUser caller, @Valid @RequestBody NewTransfer transfer) {
        Transfers.Transfer started = transfers.start(caller, transfer.hospital());
        return ResponseEntity.status(started.state().equals("DONE") ? HttpStatus.CREATED : HttpStatus.ACCEPTED)
                .location(URI.create("/api/patients/me/transfers"))
                .body(started);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "The calling patient's transfers from and to this hospital")
    @Access(resource = Resource.PATIENT, operation = Operation.READ, idVariable = Access.CALLER, callers = Role.PATIENT)
    @GetMapping("/me/transfers")
    List<Transfers.Transfer> transfers(CurrentUser caller) {
        return transfers.ofCaller(caller);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Who accessed the calling patient's records here",
            description = "The audit entries about the patient, newest first.")
    @Access(resource = Resource.PATIENT, operation = Operation.READ, idVariable = Access.CALLER, callers = Role.PATIENT)
    @GetMapping("/me/access-log")
    Page<AuditEntry> accessLog(
            CurrentUser caller,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return patients.accessLog(caller, page, size);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Patients registered at this hospital (identifiers only)")
    @Access(resource = Resource.PATIENT, operation = Operation.READ, callers = Role.ADMIN)
    @GetMapping
    Page<Patients.KeptPatient> registered(
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return patients.kept(page, size);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Write a visit",
            description = "By a physician linked to a patient registered here with a read-and-write grant in force, or"
                    + " with the patient's card present in the session. Encrypted to the patient, the physician and"
                    + " the patient's other grantees.")
    @Access(
            resource = Resource.RECORD,
            operation = Operation.CREATE,
            idVariable = "patientId",
            callers = Role.PHYSICIAN)
    @PostMapping("/{patientId}/visits")
    ResponseEntity<Visits.Visit> writeVisit(
            CurrentUser caller, @PathVariable String patientId, @Valid @RequestBody NewVisit visit) {
        Visits.Vitals vitals = visit.vitals() == null
                ? null
                : new Visits.Vitals(
                        visit.vitals().systolic(),
                        visit.vitals().diastolic(),
                        visit.vitals().heartRate(),
                        visit.vitals().heightCm(),
                        visit.vitals().weightKg());
        Visits.Visit written = visits.write(
                caller,
                patientId,
                visit.time(),
                new Visits.Content(visit.reason(), visit.notes(), visit.diagnosis(), visit.treatment(), vitals));
        return ResponseEntity.created(URI.create("/api/patients/" + patientId + "/visits/" + written.id()))
                .body(written);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "A patient's visits, as a physician with consent reads them",
            description = "403 no-consent without a link and a grant in force; 409 keys-locked when the physician's"
                    + " identity is not open in this session (log in again).")
    @Access(resource = Resource.RECORD, operation = Operation.READ, idVariable = "patientId", callers = Role.PHYSICIAN)
    @GetMapping("/{patientId}/visits")
    List<Visits.Visit> readVisits(CurrentUser caller, @PathVariable String patientId) {
        return visits.readAsPhysician(caller, patientId);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "One visit, as a physician with consent reads it")
    @Access(resource = Resource.RECORD, operation = Operation.READ, idVariable = "patientId", callers = Role.PHYSICIAN)
    @GetMapping("/{patientId}/visits/{visitId}")
    Visits.Visit readVisit(CurrentUser caller, @PathVariable String patientId, @PathVariable UUID visitId) {
        return visits.readOneAsPhysician(caller, patientId, visitId);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Make a physician the patient's physician of record here",
            description = "A grant the patient signs links its physician too.")
    @Access(resource = Resource.PATIENT, operation = Operation.UPDATE, idVariable = "patientId", callers = Role.ADMIN)
    @PutMapping("/{patientId}/physicians/{physicianId}")
    ResponseEntity<Void> link(CurrentUser caller, @PathVariable String patientId, @PathVariable String physicianId) {
        consents.link(caller, patientId, physicianId);
        return ResponseEntity.noContent().build();
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "End a physician's link to a patient")
    @Access(resource = Resource.PATIENT, operation = Operation.UPDATE, idVariable = "patientId", callers = Role.ADMIN)
    @DeleteMapping("/{patientId}/physicians/{physicianId}")
    ResponseEntity<Void> unlink(@PathVariable String patientId, @PathVariable String physicianId) {
        consents.unlink(patientId, physicianId);
        return ResponseEntity.noContent().build();
    }
}
