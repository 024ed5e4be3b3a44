package org.carenet.records.web;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.carenet.access.PublicEndpoint;
import org.carenet.ledger.RequestSignature;
import org.carenet.platform.ProblemException;
import org.carenet.records.Transfers;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where another hospital hands over a patient's records in a transfer. Not for people: every request must be signed
 * by a member hospital's ledger key, and is refused (401) otherwise.
 */
@Tag(name = "Hand-overs", description = "Hospital-to-hospital transfers of patients' encrypted records")
@RestController
class HandoverController {

    /** Hand-overs read into memory at once: each may be as large as a patient's whole record. */
    private final Semaphore handingOver = new Semaphore(2);

    private final Transfers transfers;

    HandoverController(Transfers transfers) {
        this.transfers = transfers;
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "A hospital offers a patient's records",
            description = "Accepted unless this hospital keeps records of the patient already (409 holds-records).")
    @PublicEndpoint("hospital to hospital: authenticated by the sending hospital's signature over the request")
    @PostMapping(Transfers.HANDOVERS + "{id}/offer")
    Map<String, Object> offer(
            @PathVariable UUID id,
            @RequestHeader(name = RequestSignature.HOSPITAL, required = false) String hospital,
            @RequestHeader(name = RequestSignature.TIMESTAMP, required = false) String timestamp,
            @RequestHeader(name = RequestSignature.SIGNATURE, required = false) String signature,
            HttpServletRequest request) {
        RequestSignature signed = signature(hospital, timestamp, signature);
        return transfers.offered(signed, id, request.getRequestURI(), body(request, signed));
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "A hospital hands over a patient's records",
            description = "Once the ledger names this hospital; answers a receipt this hospital signs.")
    @PublicEndpoint("hospital to hospital: authenticated by the sending hospital's signature over the request")
    @PostMapping(Transfers.HANDOVERS + "{id}")
    Transfers.Receipt handOver(
            @PathVariable UUID id,
            @RequestHeader(name = RequestSignature.HOSPITAL, required = false) String hospital,
            @RequestHeader(name = RequestSignature.TIMESTAMP, required = false) String timestamp,
            @RequestHeader(name = RequestSignature.SIGNATURE, required = false) String signature,
            HttpServletRequest request)
            throws InterruptedException {
        RequestSignature signed = signature(hospital, timestamp, signature);
        if (!handingOver.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new Busy();
        }
        try {
            return transfers.received(signed, id, request.getRequestURI(), body(request, signed));
        } finally {
            handingOver.release();
        }
    }

    /**
     * The body, read only once the headers name a member hospital and a time within the skew: a hand-over may be
     * tens of megabytes, which nobody outside the network gets this node to read.
     */
    private byte[] body(HttpServletRequest request, RequestSignature signature) {
        transfers.admit(signature);
        try {
            return request.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the hand-over", e);
        }
    }

    private static RequestSignature signature(String hospital, String timestamp, String signature) {
        try {
            return RequestSignature.fromHeaders(hospital, timestamp, signature);
        } catch (IllegalArgumentException e) {
            throw new Unauthenticated(e.getMessage());
        }
    }

    static final class Busy extends ProblemException {
        Busy() {
            super(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Other hand-overs are being received; try again shortly");
        }
    }

    static final class Unauthenticated extends ProblemException {
        Unauthenticated(String detail) {
            super(HttpStatus.UNAUTHORIZED, "unauthenticated-hospital", detail);
        }
    }
}
