package org.carenet.cli.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carenet.cli.patient.NetworkFixture.MIRIAM;
import static org.carenet.cli.patient.NetworkFixture.RHODE_ISLAND;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.carenet.card.Agreements;
import org.carenet.card.CardFile;
import org.carenet.card.Ciphertext;
import org.carenet.card.DataKey;
import org.carenet.card.EncryptionKey;
import org.carenet.card.PatientCard;
import org.carenet.card.VisitContexts;
import org.carenet.card.WrappedKey;
import org.carenet.cli.Carenet;
import org.carenet.network.LedgerBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code carenet patient ...} against a running three-hospital network, as a patient would use it. */
class PatientCommandIT {

    private static final String CARD_PASSWORD = "alice's card password";

    @TempDir
    static Path directory;

    static NetworkFixture fixture;

    @BeforeAll
    static void start() {
        fixture = NetworkFixture.start(directory.resolve("network"), LedgerBackend.KAFKA, Map.of());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            return JsonMapper.shared().readTree(out);
        }
    }

    private static Run carenet(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Carenet.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static Run patient(String command, Path card, String hospital, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "patient",
                command,
                "--card",
                card.toString(),
                "--password=" + CARD_PASSWORD,
                "--node",
                fixture.url(hospital).toString()));
        args.addAll(List.of(more));
        return carenet(args.toArray(String[]::new));
    }

    @Test
    void aPatientManagesTheirRegistrationRecordsAndGrantsFromTheCommandLine() {
        PatientCard card = fixture.card("Bob Stone", "987654321");
        Path file = directory.resolve("bob.card");
        CardFile.write(card, file, CARD_PASSWORD.toCharArray());

        assertThat(patient("status", file, RHODE_ISLAND).out()).contains("Not registered at any hospital");
        Run registered = patient("register", file, RHODE_ISLAND);
        assertThat(registered.exitCode()).as(registered.err()).isZero();
        assertThat(registered.out()).contains("Registered at " + RHODE_ISLAND);

        Run elsewhere = patient("register", file, MIRIAM);
        assertThat(elsewhere.exitCode()).isEqualTo(1);
        assertThat(elsewhere.err()).contains("409 registered-elsewhere").contains(RHODE_ISLAND);
        Run elsewhereJson = patient("register", file, MIRIAM, "--json");
        assertThat(elsewhereJson.exitCode()).isEqualTo(1);
        assertThat(elsewhereJson.json().path("owner").asString()).isEqualTo(RHODE_ISLAND);

        JsonNode wilson = fixture.physician(RHODE_ISLAND, "wilson", "james-wilson-password", "James Wilson");
        String wilsonId = wilson.path("id").asString();
        Run granted =
                patient("grant", file, RHODE_ISLAND, "--physician", wilsonId, "--scope", "read-write", "--days", "7");
        assertThat(granted.exitCode()).as(granted.err()).isZero();
        assertThat(granted.out()).contains("Granted James Wilson").contains("READ_WRITE");

        String token = fixture.login(RHODE_ISLAND, "wilson", "james-wilson-password");
        fixture.call(
                RHODE_ISLAND,
                "POST",
                "/api/patients/" + card.patient() + "/visits",
                token,
                Map.of("time", "2026-11-30T09:00:00Z", "reason", "sprained ankle", "notes", "RICE for a week"),
                201);

        Run records = patient("records", file, RHODE_ISLAND);
        assertThat(records.out())
                .contains("James Wilson")
                .contains("Reason: sprained ankle")
                .contains("RICE for a week");
        Run recordsJson = patient("records", file, RHODE_ISLAND, "--json");
        assertThat(recordsJson.json().findValuesAsString("notes")).containsExactly("RICE for a week");

        // a visit the hospital itself adds in the physician's name, encrypted to the patient, is not shown
        forgeVisit(card, wilsonId, "forged by the hospital");
        Run withForgery = patient("records", file, RHODE_ISLAND);
        assertThat(withForgery.out())
                .contains("RICE for a week")
                .contains("(not shown: its key was not wrapped by the physician it names)")
                .doesNotContain("forged by the hospital");
        PatientClient atRhodeIsland = fixture.patientAt(RHODE_ISLAND, card);
        fixture.call(
                RHODE_ISLAND,
                "POST",
                "/api/patients/me/card",
                atRhodeIsland.accessToken(),
                Map.of("card", fixture.json(new String(CardFile.encode(card, null), StandardCharsets.UTF_8))),
                200);
        JsonNode shownByTheNode =
                fixture.call(RHODE_ISLAND, "GET", "/api/patients/me/records", atRhodeIsland.accessToken(), null, 200);
        assertThat(shownByTheNode.findValuesAsString("notes")).containsExactly("RICE for a week");
        assertThat(shownByTheNode.findValuesAsString("sealed"))
                .filteredOn(reason -> !reason.isEmpty())
                .singleElement()
                .asString()
                .contains("not wrapped by the physician it names");

        JsonNode grants = patient("grants", file, RHODE_ISLAND, "--json").json();
        assertThat(grants).hasSize(1);
        String grantId = grants.get(0).path("id").asString();
        assertThat(patient("revoke", file, RHODE_ISLAND, grantId).out()).contains("Revoked grant " + grantId);
        assertThat(patient("grants", file, RHODE_ISLAND).out()).contains("revoked");

        assertThat(patient("access-log", file, RHODE_ISLAND).out())
                .contains("wilson")
                .contains("RECORD");

        Run transferred = patient("transfer", file, RHODE_ISLAND, "--to", MIRIAM);
        assertThat(transferred.exitCode()).as(transferred.err()).isZero();
        assertThat(transferred.out()).contains("Transferred to " + MIRIAM);
        assertThat(patient("records", file, MIRIAM).out()).contains("RICE for a week");
        assertThat(patient("status", file, RHODE_ISLAND).out()).contains("Registered at " + MIRIAM + ", not here");

        assertThat(patient("unregister", file, MIRIAM).exitCode()).isZero();
        Run again = patient("unregister", file, MIRIAM);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("404 not-registered");
    }

    /** What a hospital could do with its own database: add a visit in a physician's name, encrypted to the patient. */
    private static void forgeVisit(PatientCard card, String physician, String notes) {
        SecureRandom random = new SecureRandom();
        UUID id = UUID.randomUUID();
        String patient = card.patient().value();
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        DataKey key = DataKey.generate(random);
        Ciphertext content = key.encrypt(
                JsonMapper.shared().writeValueAsBytes(Map.of("reason", "forged", "notes", notes)),
                VisitContexts.content(id, patient, physician, RHODE_ISLAND, at),
                random);
        WrappedKey wrapped = key.wrapFrom(
                new Agreements(EncryptionKey.generate(random)),
                card.certificate().encryptionKey(),
                VisitContexts.key(id, patient),
                random);
        JdbcTemplate jdbc =
                new JdbcTemplate(fixture.network.node(RHODE_ISLAND).context().getBean(DataSource.class));
        jdbc.update(
                "insert into records.visits (id, patient_id, physician_id, hospital, visited_at, written_at, content)"
                        + " values (?, ?, ?, ?, ?, ?, ?)",
                id,
                patient,
                physician,
                RHODE_ISLAND,
                Timestamp.from(at),
                Timestamp.from(at),
                content.encode());
        jdbc.update(
                "insert into records.visit_keys (visit_id, recipient, wrapped) values (?, 'patient', ?)",
                id,
                wrapped.encode());
    }

    @Test
    void aProtectedCardWithoutItsPasswordIsAUsageError() {
        PatientCard card = fixture.card("Carol Reed", "555");
        Path file = directory.resolve("carol.card");
        CardFile.write(card, file, CARD_PASSWORD.toCharArray());

        Run run = carenet(
                "patient",
                "status",
                "--card",
                file.toString(),
                "--node",
                fixture.url(RHODE_ISLAND).toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("protected: give --password");
        Run wrong = carenet(
                "patient",
                "status",
                "--card",
                file.toString(),
                "--password=not it",
                "--node",
                fixture.url(RHODE_ISLAND).toString());
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("does not open");
    }
}
