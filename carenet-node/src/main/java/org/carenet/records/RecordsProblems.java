package org.carenet.records;

import java.util.Map;
import java.util.UUID;
import org.carenet.platform.ProblemException;
import org.springframework.http.HttpStatus;

/** The ways a patient's or a physician's request about records can fail, each with its own problem type. */
public final class RecordsProblems {

    private RecordsProblems() {}

    /** A problem of the records context: a status, a stable kind and a detail, optionally with extra members. */
    public static final class RecordsProblem extends ProblemException {
        RecordsProblem(HttpStatus status, String kind, String detail) {
            super(status, kind, detail);
        }

        RecordsProblem(HttpStatus status, String kind, String detail, Map<String, Object> properties) {
            super(status, kind, detail, properties);
        }
    }

    static RecordsProblem notInNetwork() {
        return new RecordsProblem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "not-in-network",
                "This node is not part of a network (carenet.network.membership-file): it cannot check patient cards");
    }

    static RecordsProblem unauthenticatedHospital(String why) {
        return new RecordsProblem(HttpStatus.UNAUTHORIZED, "unauthenticated-hospital", why);
    }

    static RecordsProblem badCard(String why) {
        return new RecordsProblem(HttpStatus.UNAUTHORIZED, "bad-card", why);
    }

    static RecordsProblem alreadyRegisteredHere(String hospital) {
        return new RecordsProblem(
                HttpStatus.CONFLICT,
                "already-registered-here",
                "The patient is already registered at this hospital (" + hospital + ")",
                Map.of("owner", hospital));
    }

    static RecordsProblem registeredElsewhere(String owner) {
        return new RecordsProblem(
                HttpStatus.CONFLICT,
                "registered-elsewhere",
                "The patient is registered at " + owner + "; only that hospital can act on the registration",
                Map.of("owner", owner));
    }

    static RecordsProblem notRegistered() {
        return new RecordsProblem(
                HttpStatus.NOT_FOUND, "not-registered", "The patient is not registered at any hospital");
    }

    static RecordsProblem notRegisteredHere() {
        return new RecordsProblem(
                HttpStatus.NOT_FOUND, "patient-not-found", "No patient with this identifier is registered here");
    }

    static RecordsProblem noConsent(String why) {
        return new RecordsProblem(HttpStatus.FORBIDDEN, "no-consent", why);
    }

    static RecordsProblem keysLocked(String why) {
        return new RecordsProblem(HttpStatus.CONFLICT, "keys-locked", why);
    }

    static RecordsProblem cardNeeded(String why) {
        return new RecordsProblem(HttpStatus.CONFLICT, "card-needed", why);
    }

    static RecordsProblem notAPhysician() {
        return new RecordsProblem(
                HttpStatus.NOT_FOUND,
                "physician-not-found",
                "This account has no physician identity here; an administrator creates physicians at POST"
                        + " /api/physicians");
    }

    static RecordsProblem physicianNotFound(String id) {
        return new RecordsProblem(
                HttpStatus.NOT_FOUND, "physician-not-found", "No physician with identifier " + id + " is known");
    }

    static RecordsProblem unknownPhysician(String id) {
        return new RecordsProblem(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "unknown-physician",
                "No physician with identifier " + id + " works at this hospital or is affiliated in the network");
    }

    static RecordsProblem visitNotFound(UUID id) {
        return new RecordsProblem(
                HttpStatus.NOT_FOUND, "visit-not-found", "No visit " + id + " of this patient is kept here");
    }

    static RecordsProblem grantNotFound() {
        return new RecordsProblem(
                HttpStatus.NOT_FOUND, "grant-not-found", "The patient has no grant in force with this id");
    }

    static RecordsProblem invalid(String kind, String detail) {
        return new RecordsProblem(HttpStatus.UNPROCESSABLE_CONTENT, kind, detail);
    }

    static RecordsProblem badRequest(String kind, String detail) {
        return new RecordsProblem(HttpStatus.BAD_REQUEST, kind, detail);
    }

    static RecordsProblem conflict(String kind, String detail) {
        return new RecordsProblem(HttpStatus.CONFLICT, kind, detail);
    }
}
