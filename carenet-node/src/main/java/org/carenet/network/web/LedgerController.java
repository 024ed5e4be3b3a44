package org.carenet.network.web;

import static org.carenet.network.LedgerUnavailable.available;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.carenet.access.Access;
import org.carenet.access.Operation;
import org.carenet.access.PublicEndpoint;
import org.carenet.access.Resource;
import org.carenet.ledger.Applied;
import org.carenet.ledger.Entry;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.LedgerState;
import org.carenet.ledger.LedgerStatus;
import org.carenet.ledger.Outcome;
import org.carenet.network.CheckpointDocument;
import org.carenet.network.LedgerVerification;
import org.carenet.network.NetworkLedger;
import org.carenet.platform.ProblemException;
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

/**
 * The network ledger for operators, mirroring the seed's CSL HTTP port: read, write, transfer and remove keys,
 * their history, verification and status. Administrators only; the access policy audits every call.
 */
@Tag(name = "Ledger", description = "The network ledger: which hospital owns each key")
@RestController
@RequestMapping("/api/ledger")
class LedgerController {

    private final NetworkLedger network;

    LedgerController(NetworkLedger network) {
        this.network = network;
    }

    /** A key as this hospital sees it. */
    record Key(String key, String value, String owner, boolean isOwner) {}

    record NewValue(
            @NotNull @Size(max = Entry.MAX_VALUE_LENGTH) String value) {}

    record Transfer(@NotNull @Size(min = 1, max = 100) String newOwner) {}

    /** One applied entry and its proofs: the writer's signature and the chain's hash up to it. */
    record HistoryEntry(
            int partition,
            long position,
            String command,
            String writer,
            String value,
            String newOwner,
            Instant writtenAt,
            String nonce,
            String signature,
            String outcome,
            String outcomeOwner,
            String hash) {}

    record Status(
            String backend,
            String hospital,
            long lag,
            List<LedgerStatus.PartitionStatus> partitions,
            LedgerVerification lastVerification) {}

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Who owns a key",
            description = "Served from this hospital's replica; with sync=true it first catches up with everything"
                    + " ordered for the key, so it sees every write completed anywhere before the call.")
    @Access(resource = Resource.LEDGER, operation = Operation.READ, idVariable = "key")
    @GetMapping("/keys/{key}")
    Key get(@PathVariable String key, @RequestParam(defaultValue = "false") boolean sync) {
        checkKey(key);
        Ledger ledger = network.require();
        LedgerState.Lookup lookup = available(() -> sync ? ledger.getSynced(key) : ledger.get(key));
        if (!lookup.exists()) {
            throw new LedgerProblem(HttpStatus.NOT_FOUND, "missing-key", "No hospital holds the key '" + key + "'");
        }
        return new Key(key, lookup.value(), lookup.owner().value(), lookup.isOwner());
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Put a value under a key for this hospital",
            description = "Succeeds if no hospital holds the key, or this one does; 409 names the owner otherwise.")
    @Access(resource = Resource.LEDGER, operation = Operation.UPDATE, idVariable = "key")
    @PutMapping("/keys/{key}")
    Key put(@PathVariable String key, @Valid @RequestBody NewValue body) {
        checkKey(key);
        Ledger ledger = network.require();
        refuseUnless(available(() -> Ledger.await(ledger.put(key, body.value()))));
        return new Key(key, body.value(), ledger.hospital().value(), true);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Remove a key this hospital owns")
    @Access(resource = Resource.LEDGER, operation = Operation.DELETE, idVariable = "key")
    @DeleteMapping("/keys/{key}")
    ResponseEntity<Void> remove(@PathVariable String key) {
        checkKey(key);
        Ledger ledger = network.require();
        refuseUnless(available(() -> Ledger.await(ledger.remove(key))));
        return ResponseEntity.noContent().build();
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Transfer a key this hospital owns to another hospital",
            description = "newOwner is a hospital id from /api/network/hospitals.")
    @Access(resource = Resource.LEDGER, operation = Operation.UPDATE, idVariable = "key")
    @PostMapping("/keys/{key}/transfer")
    Key transfer(@PathVariable String key, @Valid @RequestBody Transfer body) {
        checkKey(key);
        Ledger ledger = network.require();
        HospitalId to;
        try {
            to = new HospitalId(body.newOwner());
        } catch (IllegalArgumentException e) {
            throw new LedgerProblem(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-new-owner", e.getMessage());
        }
        refuseUnless(available(() -> Ledger.await(ledger.transfer(key, to))));
        LedgerState.Lookup now = ledger.get(key);
        return new Key(key, now.value(), to.value(), false);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Every entry applied for a key, with its signature and chain hash")
    @Access(resource = Resource.LEDGER, operation = Operation.READ, idVariable = "key")
    @GetMapping("/keys/{key}/history")
    List<HistoryEntry> history(@PathVariable String key) {
        checkKey(key);
        return network.require().history(key).stream()
                .map(LedgerController::historyEntry)
                .toList();
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Verify this hospital's ledger replica",
            description = "Checks every chain link, signature, outcome and record of the local history, then"
                    + " compares it with every other hospital's signed checkpoint.")
    @Access(resource = Resource.LEDGER, operation = Operation.READ)
    @GetMapping("/verify")
    LedgerVerification verify() {
        return network.verify();
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "The backend, this replica's position and lag per partition, and the last verification")
    @Access(resource = Resource.LEDGER, operation = Operation.READ)
    @GetMapping("/status")
    Status status() {
        Ledger ledger = network.require();
        LedgerStatus status = available(ledger::status);
        return new Status(
                status.backend(),
                status.hospital().value(),
                status.lag(),
                status.partitions(),
                network.lastVerification().orElse(null));
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "This hospital's signed checkpoint",
            description = "Where its replica stands: per partition, the last position and the chain's hash there,"
                    + " signed with its ledger key. Other hospitals compare it with their own histories.")
    @PublicEndpoint("signed chain hashes, for the other hospitals' verification; no keys or values")
    @GetMapping("/checkpoint")
    CheckpointDocument checkpoint() {
        return CheckpointDocument.of(network.require().checkpoint());
    }

    private static HistoryEntry historyEntry(Applied applied) {
        Entry entry = applied.entry();
        return new HistoryEntry(
                applied.partition(),
                applied.position(),
                entry.command().name(),
                entry.writer().value(),
                entry.value(),
                entry.newOwner() == null ? null : entry.newOwner().value(),
                entry.writtenAt(),
                entry.nonce(),
                entry.signature() == null ? null : Base64.getEncoder().encodeToString(entry.signature()),
                applied.outcome().kind().name(),
                applied.outcome().owner() == null
                        ? null
                        : applied.outcome().owner().value(),
                HexFormat.of().formatHex(applied.hash()));
    }

    private static void checkKey(String key) {
        if (key.isBlank() || key.length() > Entry.MAX_KEY_LENGTH) {
            throw new LedgerProblem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-key",
                    "A ledger key is 1 to " + Entry.MAX_KEY_LENGTH + " characters");
        }
    }

    /** Turns a refused write into its precise status. */
    private static void refuseUnless(Outcome outcome) {
        switch (outcome.kind()) {
            case APPLIED -> {}
            case OWNED_BY_ANOTHER ->
                throw new LedgerProblem(
                        HttpStatus.CONFLICT,
                        "owned-by-another-hospital",
                        "The key is registered at " + outcome.owner(),
                        Map.of("owner", outcome.owner().value()));
            case MISSING_KEY ->
                throw new LedgerProblem(HttpStatus.NOT_FOUND, "missing-key", "No hospital holds the key");
            case NOT_OWNER ->
                throw new LedgerProblem(
                        HttpStatus.FORBIDDEN,
                        "not-owner",
                        "The key is owned by " + outcome.owner() + ", not this hospital",
                        Map.of("owner", outcome.owner().value()));
            case UNKNOWN_NEW_OWNER, NEW_OWNER_IS_SELF ->
                throw new LedgerProblem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        outcome.kind() == Outcome.Kind.NEW_OWNER_IS_SELF ? "new-owner-is-self" : "unknown-new-owner",
                        outcome.detail());
            default ->
                throw new IllegalStateException(
                        "this hospital's own entry was refused as " + outcome.kind() + ": " + outcome.detail());
        }
    }

    static final class LedgerProblem extends ProblemException {
        LedgerProblem(HttpStatus status, String kind, String detail) {
            super(status, kind, detail);
        }

        LedgerProblem(HttpStatus status, String kind, String detail, Map<String, Object> properties) {
            super(status, kind, detail, properties);
        }
    }
}
