package org.carenet.access.web;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import org.carenet.access.Access;
import org.carenet.access.AuditEntry;
import org.carenet.access.AuditQuery;
import org.carenet.access.AuditTrail;
import org.carenet.access.AuditVerification;
import org.carenet.access.Operation;
import org.carenet.access.Page;
import org.carenet.access.Resource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Audit", description = "The node's hash-chained audit trail")
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final AuditTrail audit;

    AuditController(AuditTrail audit) {
        this.audit = audit;
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Read the audit trail, newest first",
            description = "Filter by actor (username), resource, and time: from (inclusive) and to (exclusive), as"
                    + " ISO-8601 instants.")
    @Access(resource = Resource.AUDIT, operation = Operation.READ)
    @GetMapping
    Page<AuditEntry> find(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) Resource resource,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        AuditQuery query = new AuditQuery(actor, resource == null ? null : resource.name(), from, to);
        return audit.find(query, page, size);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Verify the audit chain",
            description = "Recomputes every entry's hash and link, and reports the first entry that is missing,"
                    + " altered or out of place.")
    @Access(resource = Resource.AUDIT, operation = Operation.READ)
    @GetMapping("/verify")
    AuditVerification verify() {
        return audit.verify();
    }
}
