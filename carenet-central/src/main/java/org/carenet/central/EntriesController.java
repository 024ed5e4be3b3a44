package org.carenet.central;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carenet.ledger.Entry;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Membership;
import org.carenet.ledger.Outcome;
import org.carenet.ledger.Rules;
import org.carenet.ledger.SealCheck;
import org.carenet.ledger.sql.CentralProtocol;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The central's HTTP API ({@link CentralProtocol}). Requests reach it only after {@link RequestAuthentication} has
 * established which member hospital signed them. An entry is checked at the door — well formed, written by the
 * hospital that sends it, signed by its writer — so that nothing forged is ever ordered.
 */
@RestController
class EntriesController {

    private static final int MAX_PAGE = 1000;
    private static final Duration MAX_WAIT = Duration.ofMinutes(1);

    private final CentralLog log;
    private final Membership membership;
    private final SealCheck seals = new SealCheck();

    EntriesController(CentralLog log, Membership membership) {
        this.log = log;
        this.membership = membership;
    }

    @PostMapping(path = CentralProtocol.ENTRIES, consumes = CentralProtocol.ENTRY_MEDIA_TYPE)
    CentralProtocol.Appended append(
            @RequestBody byte[] body, @RequestAttribute(RequestAuthentication.HOSPITAL) HospitalId hospital) {
        CentralProtocol.BatchResult result =
                log.appendAll(List.of(admit(body, hospital))).getFirst();
        if (result.status() != HttpStatus.OK.value()) {
            throw problem(HttpStatus.valueOf(result.status()), result.detail());
        }
        return result.appended();
    }

    /** Several entries: each is admitted or refused on its own, as if it came alone. */
    @PostMapping(path = CentralProtocol.ENTRIES, consumes = CentralProtocol.BATCH_MEDIA_TYPE)
    CentralProtocol.BatchAppended appendAll(
            @RequestBody byte[] body, @RequestAttribute(RequestAuthentication.HOSPITAL) HospitalId hospital) {
        List<byte[]> encoded;
        try {
            encoded = CentralProtocol.decodeBatch(body);
        } catch (IllegalArgumentException e) {
            throw problem(HttpStatus.BAD_REQUEST, "the body is not a batch of entries: " + e.getMessage());
        }
        CentralProtocol.BatchResult[] results = new CentralProtocol.BatchResult[encoded.size()];
        List<Entry> admitted = new ArrayList<>(encoded.size());
        List<Integer> where = new ArrayList<>(encoded.size());
        for (int i = 0; i < encoded.size(); i++) {
            try {
                admitted.add(admit(encoded.get(i), hospital));
                where.add(i);
            } catch (ErrorResponseException refused) {
                results[i] = new CentralProtocol.BatchResult(
                        refused.getStatusCode().value(), null, refused.getBody().getDetail());
            }
        }
        if (!admitted.isEmpty()) {
            List<CentralProtocol.BatchResult> ordered = log.appendAll(admitted);
            for (int i = 0; i < ordered.size(); i++) {
                results[where.get(i)] = ordered.get(i);
            }
        }
        return new CentralProtocol.BatchAppended(List.of(results));
    }

    /** The entry, if it is well formed, written by the hospital that sends it, and signed by its writer. */
    private Entry admit(byte[] encoded, HospitalId hospital) {
        Entry entry;
        try {
            entry = Entry.decode(encoded);
        } catch (IllegalArgumentException e) {
            throw problem(HttpStatus.BAD_REQUEST, "the body is not an encoded ledger entry: " + e.getMessage());
        }
        if (!entry.writer().equals(hospital)) {
            throw problem(
                    HttpStatus.FORBIDDEN,
                    hospital + " sent an entry written by " + entry.writer()
                            + ": a hospital appends its own entries only");
        }
        Rules.authenticate(entry, membership, seals).map(Outcome::detail).ifPresent(refusal -> {
            throw problem(HttpStatus.FORBIDDEN, "the entry is not authentic: " + refusal);
        });
        return entry;
    }

    @GetMapping(CentralProtocol.ENTRIES)
    CentralProtocol.EntryPages entries(
            @RequestParam(CentralProtocol.AFTER) String after,
            @RequestParam(defaultValue = "500") int limit,
            @RequestParam(defaultValue = "0") long waitMillis)
            throws InterruptedException {
        Map<Integer, Long> positions;
        try {
            positions = CentralProtocol.after(after);
        } catch (IllegalArgumentException e) {
            throw problem(HttpStatus.BAD_REQUEST, "after: " + e.getMessage());
        }
        for (int partition : positions.keySet()) {
            if (partition < 0 || partition >= log.partitions()) {
                throw problem(
                        HttpStatus.NOT_FOUND,
                        "no partition " + partition + ": the ledger has partitions 0 to " + (log.partitions() - 1));
            }
        }
        if (limit < 1 || limit > MAX_PAGE || waitMillis < 0 || waitMillis > MAX_WAIT.toMillis()) {
            throw problem(
                    HttpStatus.BAD_REQUEST,
                    "limit is 1 to " + MAX_PAGE + " and waitMillis 0 to " + MAX_WAIT.toMillis());
        }
        return new CentralProtocol.EntryPages(log.after(positions, limit, Duration.ofMillis(waitMillis)));
    }

    @GetMapping(CentralProtocol.PARTITIONS)
    CentralProtocol.Positions positions() {
        return new CentralProtocol.Positions(log.lastPositions());
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
