package org.carenet.records;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.carenet.card.CardFile;
import org.carenet.card.CardPasswordException;
import org.carenet.card.PatientCard;
import org.carenet.card.PatientCertificate;
import org.carenet.card.PhysicianIdentity;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opening card files that callers upload (the portal's login, a patient's card at a physician's desk, the API's
 * {@code /me/card}): a node opens what anyone sends, so it bounds what opening may cost it, and how many sealed cards
 * it opens at once.
 */
@Service
public class CardUploads {

    /**
     * The most scrypt work an uploaded card may ask of this node (n × r × p), that of the cards the operator issues:
     * the card library accepts up to 4 GiB per attempt for files a patient opens on their own machine, which a node
     * that opens cards anyone uploads cannot afford.
     */
    static final long MAX_SEAL_COST = (1L << 15) * 8;

    /** Sealed cards opened at once: each takes 32 MiB and a tenth of a second; the rest wait their turn. */
    static final int CONCURRENT_OPENINGS = 4;

    private static final Duration OPENING_WAIT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Semaphore openings = new Semaphore(CONCURRENT_OPENINGS);

    /**
     * The card in an uploaded file.
     *
     * @throws RecordsProblems.RecordsProblem 400 invalid-card, 422 card-password (none, wrong, or a seal costlier
     *     than cards are issued with), 503 busy
     */
    public PatientCard open(byte[] file, char[] password) {
        return open(file, document(file), password);
    }

    /** The certificate of an uploaded card, without opening its keys. */
    public PatientCertificate certificateOf(byte[] file) {
        return certificateOf(document(file));
    }

    private static JsonNode document(byte[] file) {
        if (file == null || file.length == 0) {
            throw RecordsProblems.badRequest("invalid-card", "Choose the card file");
        }
        try {
            JsonNode document = JSON.readTree(file);
            if (!document.isObject()) {
                throw RecordsProblems.badRequest("invalid-card", "This file is not a patient card");
            }
            return document;
        } catch (JacksonException e) {
            throw RecordsProblems.badRequest("invalid-card", "This file is not a patient card");
        }
    }

    private static PatientCertificate certificateOf(JsonNode document) {
        try {
            return CardFile.certificate(document.required("certificate"));
        } catch (IllegalArgumentException | JacksonException e) {
            throw RecordsProblems.badRequest("invalid-card", "This file is not a patient card");
        }
    }

    private PatientCard open(byte[] file, JsonNode document, char[] password) {
        JsonNode seal = document.path("privateKeys");
        boolean sealed = !"none".equals(seal.path("protection").asString("none"));
        if (sealed) {
            refuseCostly(seal, "This card's password protection asks more work than cards are issued with");
            acquireOpening();
        }
        try {
            return CardFile.decode(file, password);
        } catch (CardPasswordException e) {
            throw RecordsProblems.invalid(
                    "card-password",
                    password == null
                            ? "This card is protected by a password: enter it"
                            : "The password does not open this card");
        } catch (IllegalArgumentException e) {
            throw RecordsProblems.badRequest("invalid-card", "This file is not a patient card");
        } finally {
            if (sealed) {
                openings.release();
            }
        }
    }

    /**
     * A physician's sealed identity brought from another hospital, opened with its password, under the same bounds
     * as cards.
     *
     * @throws RecordsProblems.RecordsProblem 400 not-an-identity, 422 wrong-password (or a costlier seal), 503 busy
     */
    public PhysicianIdentity openIdentity(String document, char[] password) {
        JsonNode node;
        try {
            node = JSON.readTree(document);
        } catch (JacksonException e) {
            throw RecordsProblems.badRequest("not-an-identity", "The identity is not JSON");
        }
        refuseCostly(node.path("privateKeys"), "This identity's seal asks more work than identities are sealed with");
        acquireOpening();
        try {
            return PhysicianIdentity.open(document, password);
        } catch (CardPasswordException e) {
            throw RecordsProblems.invalid("wrong-password", "The identity does not open with that password");
        } catch (IllegalArgumentException e) {
            throw RecordsProblems.badRequest("not-an-identity", e.getMessage());
        } finally {
            openings.release();
        }
    }

    private static void refuseCostly(JsonNode seal, String why) {
        JsonNode scrypt = seal.path("scrypt");
        long cost = (long) scrypt.path("n").asInt(0)
                * scrypt.path("r").asInt(0)
                * scrypt.path("p").asInt(0);
        if (cost > MAX_SEAL_COST) {
            throw RecordsProblems.invalid("card-password", why);
        }
    }

    private void acquireOpening() {
        try {
            if (!openings.tryAcquire(OPENING_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RecordsProblems.RecordsProblem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "busy",
                        "Too many cards are being opened at this node; try again shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to open a card", e);
        }
    }
}
