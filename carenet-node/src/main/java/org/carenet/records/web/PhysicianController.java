package org.carenet.records.web;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.carenet.access.Access;
import org.carenet.access.CurrentUser;
import org.carenet.access.Operation;
import org.carenet.access.PublicEndpoint;
import org.carenet.access.Resource;
import org.carenet.access.Role;
import org.carenet.access.StaffAccounts;
import org.carenet.records.CardUploads;
import org.carenet.records.Consents;
import org.carenet.records.Physicians;
import org.carenet.records.Visits;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Physicians: accounts with a network identity, their patients here, and the network's physician directory. */
@Tag(name = "Physicians", description = "Physicians, their network identities, patients and affiliations")
@RestController
class PhysicianController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Physicians physicians;
    private final Consents consents;
    private final Visits visits;
    private final CardUploads uploads;

    PhysicianController(Physicians physicians, Consents consents, Visits visits, CardUploads uploads) {
        this.physicians = physicians;
        this.consents = consents;
        this.visits = visits;
        this.uploads = uploads;
    }

    record NewPhysician(
            @NotNull @Size(min = 3, max = 64) String username,

            @NotNull @Size(min = StaffAccounts.MIN_PASSWORD, max = StaffAccounts.MAX_PASSWORD)
            String password,

            @NotBlank @Size(max = 200) String name) {}

    /** A sealed identity from another hospital, the password that seals it, and this account's password. */
    record IdentityImport(
            @NotNull JsonNode identity,
            @NotNull @Size(max = StaffAccounts.MAX_PASSWORD) String identityPassword,
            @NotNull @Size(max = StaffAccounts.MAX_PASSWORD) String password) {}

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Create a physician",
            description = "A staff account with the PHYSICIAN role and a new network identity, sealed under the"
                    + " password; this hospital publishes the physician's signed affiliation on the ledger.")
    @Access(resource = Resource.PHYSICIAN, operation = Operation.CREATE)
    @PostMapping("/api/physicians")
    ResponseEntity<Physicians.Physician> create(@Valid @RequestBody NewPhysician physician) {
        Physicians.Physician created = physicians.create(physician.username(), physician.password(), physician.name());
        return ResponseEntity.created(URI.create("/api/network/physicians/" + created.id()))
                .body(created);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "The physicians who work at this hospital")
    @Access(resource = Resource.PHYSICIAN, operation = Operation.READ)
    @GetMapping("/api/physicians")
    List<Physicians.Physician> here() {
        return physicians.here();
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "The calling physician")
    @Access(resource = Resource.PHYSICIAN, operation = Operation.READ, callers = Role.PHYSICIAN)
    @GetMapping("/api/physicians/me")
    Physicians.Physician me(CurrentUser caller) {
        return physicians.me(caller);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "The calling physician's sealed network identity",
            description = "Format carenet-physician-identity/1, its private keys sealed under the password; bring it"
                    + " to another hospital with PUT /api/physicians/me/identity there.")
    @Access(resource = Resource.PHYSICIAN, operation = Operation.READ, callers = Role.PHYSICIAN)
    @GetMapping(value = "/api/physicians/me/identity", produces = MediaType.APPLICATION_JSON_VALUE)
    String identity(CurrentUser caller) {
        return physicians.sealedIdentity(caller);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Bring the network identity from another hospital",
            description = "This account then is the same physician here; this hospital publishes its affiliation.")
    @Access(resource = Resource.PHYSICIAN, operation = Operation.UPDATE, callers = Role.PHYSICIAN)
    @PutMapping("/api/physicians/me/identity")
    Physicians.Physician adopt(CurrentUser caller, @Valid @RequestBody IdentityImport body) {
        return physicians.adopt(
                caller, body.identity().toString(), body.identityPassword().toCharArray(), body.password());
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "The calling physician's patients here",
            description = "Patients registered here who linked the physician, with the access their grants give now.")
    @Access(resource = Resource.PATIENT, operation = Operation.READ, callers = Role.PHYSICIAN)
    @GetMapping("/api/physicians/me/patients")
    List<Consents.PatientOfPhysician> patients(CurrentUser caller) {
        return consents.patientsOf(caller);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "The patient is present: hold their card in this session",
            description = "With the patient's card (and its password), the physician reads and writes that patient's"
                    + " visits without a grant for the rest of the session; the card is never stored.")
    @Access(resource = Resource.RECORD, operation = Operation.READ, callers = Role.PHYSICIAN)
    @PostMapping("/api/physicians/me/patient-card")
    ResponseEntity<Void> patientPresent(CurrentUser caller, @Valid @RequestBody PatientController.CardUpload upload) {
        visits.patientPresent(
                caller, uploads.open(JSON.writeValueAsBytes(upload.card()), PatientController.password(upload)));
        return ResponseEntity.noContent().build();
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "The patient has left: forget their card")
    @Access(resource = Resource.RECORD, operation = Operation.READ, callers = Role.PHYSICIAN)
    @DeleteMapping("/api/physicians/me/patient-card")
    ResponseEntity<Void> patientLeft(CurrentUser caller) {
        visits.patientLeft(caller);
        return ResponseEntity.noContent().build();
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "A physician in the network directory",
            description = "Their keys and every hospital whose affiliation, signed by the physician, is on the ledger.")
    @PublicEndpoint("the physician directory: names, public keys and hospitals, as /api/network/hospitals")
    @GetMapping("/api/network/physicians/{id}")
    Physicians.DirectoryEntry directory(@PathVariable String id) {
        return physicians.directory(id);
    }
}
