package org.carenet.cli.patient;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.carenet.card.CardFile;
import org.carenet.card.CardPasswordException;
import org.carenet.card.ConsentGrant;
import org.carenet.card.PatientCard;
import org.carenet.card.PhysicianId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code carenet patient}: a patient's own client of a node, as the seed's frontend was, from the command line. Each
 * command logs in with the card (signing the node's challenge), does one thing and prints it readably, or as JSON
 * with {@code --json}. The card's private keys never leave this process: records are decrypted here, grants signed
 * and the records' keys wrapped to the physician here.
 */
@Command(
        name = "patient",
        mixinStandardHelpOptions = true,
        description = "A patient's client of a node, with their card.",
        subcommands = {
            PatientCommand.Status.class,
            PatientCommand.Register.class,
            PatientCommand.Records.class,
            PatientCommand.Grant.class,
            PatientCommand.Revoke.class,
            PatientCommand.Grants.class,
            PatientCommand.AccessLog.class,
            PatientCommand.Transfer.class,
            PatientCommand.Unregister.class
        })
public final class PatientCommand implements Runnable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "Missing a command: status, register, records, grant, revoke, grants, access-log, transfer or"
                        + " unregister");
    }

    /** The options every patient command takes. */
    static final class Card {

        @Option(names = "--card", required = true, paramLabel = "FILE", description = "The patient's card file")
        Path card;

        @Option(
                names = "--password",
                arity = "0..1",
                interactive = true,
                paramLabel = "PASSWORD",
                description = "The card's password, if it has one (asked for when no value is given)")
        char[] password;

        @Option(
                names = "--node",
                paramLabel = "URL",
                defaultValue = "http://127.0.0.1:8000",
                description = "The hospital's node (default: ${DEFAULT-VALUE})")
        URI node;

        @Option(names = "--json", description = "Print JSON, for machines")
        boolean json;
    }

    /** A patient command: opens the card, logs in, runs, prints; a refusal is printed and exits with 1. */
    abstract static class Action implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Card options;

        abstract void run(PatientClient client, PrintWriter out);

        @Override
        public final Integer call() {
            PatientCard card = openCard();
            PrintWriter out = spec.commandLine().getOut();
            try (PatientClient client = new PatientClient(options.node, card)) {
                client.login();
                run(client, out);
                out.flush();
                return 0;
            } catch (PatientClient.Refused refused) {
                if (options.json) {
                    out.println(refused.problem().toPrettyString());
                    out.flush();
                } else {
                    PrintWriter err = spec.commandLine().getErr();
                    err.printf(
                            "carenet: %s refused: %s (%d %s)%n",
                            options.node,
                            refused.problem().path("detail").asString(refused.getMessage()),
                            refused.status(),
                            refused.kind());
                    err.flush();
                }
                return 1;
            }
        }

        private PatientCard openCard() {
            try {
                if (CardFile.isProtected(options.card) && options.password == null) {
                    throw new ParameterException(
                            spec.commandLine(), "The card " + options.card + " is protected: give --password");
                }
                return CardFile.read(options.card, CardFile.isProtected(options.card) ? options.password : null);
            } catch (CardPasswordException e) {
                throw new ParameterException(spec.commandLine(), "The card does not open: " + e.getMessage());
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            } finally {
                if (options.password != null) {
                    Arrays.fill(options.password, '\0');
                }
            }
        }

        void print(PrintWriter out, JsonNode json, String text) {
            out.println(options.json ? json.toPrettyString() : text);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Where the patient is registered.")
    static final class Status extends Action {
        @Override
        void run(PatientClient client, PrintWriter out) {
            JsonNode me = client.me();
            print(out, me, registration(me));
        }
    }

    @Command(
            name = "register",
            mixinStandardHelpOptions = true,
            description = "Registers the patient at this hospital (at most one in the network).")
    static final class Register extends Action {
        @Override
        void run(PatientClient client, PrintWriter out) {
            JsonNode me = client.register();
            print(out, me, "Registered at " + me.path("hospital").asString() + ".");
        }
    }

    @Command(
            name = "unregister",
            mixinStandardHelpOptions = true,
            description = "Unregisters the patient from the network, at the hospital they are registered at.")
    static final class Unregister extends Action {
        @Override
        void run(PatientClient client, PrintWriter out) {
            client.unregister();
            print(
                    out,
                    JSON.createObjectNode().put("unregistered", true).put("hospital", client.hospital()),
                    "Unregistered from the network (the records stay at " + client.hospital() + ").");
        }
    }

    @Command(
            name = "records",
            mixinStandardHelpOptions = true,
            description = "The patient's visits at this hospital, decrypted with the card.")
    static final class Records extends Action {
        @Override
        void run(PatientClient client, PrintWriter out) {
            List<PatientClient.Visit> visits = client.records();
            if (options.json) {
                out.println(JSON.valueToTree(visits).toPrettyString());
                return;
            }
            if (visits.isEmpty()) {
                out.println("No visits at " + client.hospital() + ".");
            }
            for (PatientClient.Visit visit : visits) {
                out.printf(
                        "%s  %s (%s) at %s%n",
                        visit.time(),
                        visit.physicianName() == null ? visit.physician() : visit.physicianName(),
                        visit.physician(),
                        visit.hospital());
                if (visit.content() == null) {
                    out.println("  (not shown: " + visit.problem() + ")");
                    continue;
                }
                JsonNode content = visit.content();
                line(out, "Reason", content.path("reason"));
                line(out, "Notes", content.path("notes"));
                line(out, "Diagnosis", content.path("diagnosis"));
                line(out, "Treatment", content.path("treatment"));
                JsonNode vitals = content.path("vitals");
                if (vitals.isObject()) {
                    out.printf(
                            "  Vitals: blood pressure %s/%s mmHg, heart rate %s/min, height %s cm, weight %s kg%n",
                            value(vitals.path("systolic")),
                            value(vitals.path("diastolic")),
                            value(vitals.path("heartRate")),
                            value(vitals.path("heightCm")),
                            value(vitals.path("weightKg")));
                }
            }
        }

        private static void line(PrintWriter out, String label, JsonNode value) {
            if (!value.isNull() && !value.isMissingNode()) {
                out.printf("  %s: %s%n", label, value.asString());
            }
        }

        private static String value(JsonNode value) {
            return value.isNull() || value.isMissingNode() ? "-" : value.asString();
        }
    }

    @Command(
            name = "grant",
            mixinStandardHelpOptions = true,
            description = "Grants a physician access to the records here, signed with the card; the visits' keys are"
                    + " wrapped to the physician here.")
    static final class Grant extends Action {

        @Option(names = "--physician", required = true, paramLabel = "ID", description = "The physician's id")
        String physician;

        @Option(
                names = "--scope",
                defaultValue = "read",
                paramLabel = "read|read-write",
                description = "What the physician may do (default: ${DEFAULT-VALUE})")
        String scope;

        @Option(
                names = "--days",
                defaultValue = "30",
                paramLabel = "N",
                description = "For how many days (default: ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--until", paramLabel = "TIME", description = "Until when (ISO-8601), instead of --days")
        String until;

        @Override
        void run(PatientClient client, PrintWriter out) {
            if (!PhysicianId.isWellFormed(physician)) {
                throw new ParameterException(spec.commandLine(), "A physician id is 32 lower-case hex digits");
            }
            ConsentGrant.Scope granted = switch (scope.toLowerCase(Locale.ROOT)) {
                case "read" -> ConsentGrant.Scope.READ;
                case "read-write", "read_write", "readwrite" -> ConsentGrant.Scope.READ_WRITE;
                default -> throw new ParameterException(spec.commandLine(), "--scope is read or read-write");
            };
            Instant expiresAt;
            try {
                expiresAt = until != null ? Instant.parse(until) : Instant.now().plus(Duration.ofDays(days));
            } catch (DateTimeParseException e) {
                throw new ParameterException(
                        spec.commandLine(), "--until is an ISO-8601 time, e.g. 2027-01-31T00:00:00Z");
            }
            if (days < 1 && until == null) {
                throw new ParameterException(spec.commandLine(), "--days is at least 1");
            }
            JsonNode grant = client.grant(new PhysicianId(physician), granted, expiresAt);
            print(
                    out,
                    grant,
                    "Granted " + name(grant) + " " + grant.path("scope").asString() + " access until "
                            + grant.path("expiresAt").asString() + " (grant "
                            + grant.path("id").asString() + ").");
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a grant.")
    static final class Revoke extends Action {

        @Parameters(index = "0", arity = "0..1", paramLabel = "GRANT", description = "The grant's id")
        UUID positional;

        @Option(names = "--grant", paramLabel = "ID", description = "The grant's id")
        UUID grant;

        @Override
        void run(PatientClient client, PrintWriter out) {
            UUID id = grant != null ? grant : positional;
            if (id == null) {
                throw new ParameterException(spec.commandLine(), "Which grant? --grant ID");
            }
            client.revoke(id);
            print(out, JSON.createObjectNode().put("revoked", id.toString()), "Revoked grant " + id + ".");
        }
    }

    @Command(name = "grants", mixinStandardHelpOptions = true, description = "The patient's grants here.")
    static final class Grants extends Action {
        @Override
        void run(PatientClient client, PrintWriter out) {
            JsonNode grants = client.grants();
            if (options.json) {
                out.println(grants.toPrettyString());
                return;
            }
            if (grants.isEmpty()) {
                out.println("No grants at " + client.hospital() + ".");
            }
            for (JsonNode grant : grants) {
                out.printf(
                        "%s  %s  %s until %s  %s%n",
                        grant.path("id").asString(),
                        name(grant),
                        grant.path("scope").asString(),
                        grant.path("expiresAt").asString(),
                        grant.path("inForce").asBoolean()
                                ? "in force"
                                : grant.path("revokedAt").isNull() ? "expired" : "revoked");
            }
        }
    }

    @Command(
            name = "access-log",
            mixinStandardHelpOptions = true,
            description = "Who accessed the patient's records at this hospital, newest first.")
    static final class AccessLog extends Action {
        @Override
        void run(PatientClient client, PrintWriter out) {
            JsonNode log = client.accessLog();
            if (options.json) {
                out.println(log.toPrettyString());
                return;
            }
            for (JsonNode entry : log.path("items")) {
                out.printf(
                        "%s  %-24s %-10s %-7s %-8s %s%s%n",
                        entry.path("time").asString(),
                        entry.path("actor").asString(),
                        entry.path("role").asString(),
                        entry.path("action").asString(),
                        entry.path("resource").asString(),
                        entry.path("outcome").asString(),
                        entry.path("detail").isNull()
                                ? ""
                                : "  " + entry.path("detail").asString());
            }
        }
    }

    @Command(
            name = "transfer",
            mixinStandardHelpOptions = true,
            description = "Moves the patient's registration and records to another hospital.")
    static final class Transfer extends Action {

        @Parameters(index = "0", arity = "0..1", paramLabel = "HOSPITAL", description = "The hospital's id")
        String positional;

        @Option(names = "--to", paramLabel = "HOSPITAL", description = "The hospital's id, e.g. miriam-hospital")
        String to;

        @Override
        void run(PatientClient client, PrintWriter out) {
            String hospital = to != null ? to : positional;
            if (hospital == null) {
                throw new ParameterException(spec.commandLine(), "To which hospital? --to HOSPITAL");
            }
            JsonNode transfer = client.transfer(hospital);
            String state = transfer.path("state").asString();
            print(
                    out,
                    transfer,
                    state.equals("DONE")
                            ? "Transferred to " + hospital + "."
                            : "Transfer to " + hospital + " is under way (" + state + "); it goes on by itself.");
        }
    }

    private static String registration(JsonNode me) {
        if (me.path("registeredHere").asBoolean()) {
            return "Registered here, at " + me.path("hospital").asString() + ".";
        }
        if (!me.path("owner").isNull() && !me.path("owner").isMissingNode()) {
            return "Registered at " + me.path("owner").asString() + ", not here ("
                    + me.path("hospital").asString() + ").";
        }
        return "Not registered at any hospital.";
    }

    private static String name(JsonNode grant) {
        JsonNode name = grant.path("physicianName");
        return name.isNull() || name.isMissingNode()
                ? grant.path("physician").asString()
                : name.asString() + " (" + grant.path("physician").asString() + ")";
    }
}
