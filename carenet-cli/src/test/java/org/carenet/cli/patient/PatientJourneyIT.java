package org.carenet.cli.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.carenet.cli.patient.NetworkFixture.MIRIAM;
import static org.carenet.cli.patient.NetworkFixture.NEWPORT;
import static org.carenet.cli.patient.NetworkFixture.RHODE_ISLAND;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.carenet.card.ConsentGrant;
import org.carenet.card.PatientCard;
import org.carenet.card.PhysicianId;
import org.carenet.network.LedgerBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The seed's patient workflows end to end, over a whole embedded network of three hospitals on each ledger backend:
 * registration at one hospital at most, a physician who reads and writes only with the patient's consent, records
 * no database dump reveals, transfers from hospital to hospital, and unregistering.
 */
class PatientJourneyIT {

    private static final String PHYSICIAN_PASSWORD = "doctor-house-password";

    @TempDir
    Path directory;

    private NetworkFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = LedgerBackend.class,
            names = {"KAFKA", "SQL", "RAFT"})
    void aPatientRegistersIsTreatedWithConsentMovesAndLeaves(LedgerBackend backend) {
        fixture = NetworkFixture.start(directory.resolve(backend.configName()), backend, Map.of());
        PatientCard alice = fixture.card("Alice Martin", "123-45-6789");

        // registration: once, at one hospital
        PatientClient aliceAtRhodeIsland = fixture.patientAt(RHODE_ISLAND, alice);
        assertThat(aliceAtRhodeIsland.register().path("registeredHere").asBoolean())
                .isTrue();
        assertRefused(aliceAtRhodeIsland::register, 409, "already-registered-here");
        PatientClient aliceAtMiriam = fixture.patientAt(MIRIAM, alice);
        assertThat(assertRefused(aliceAtMiriam::register, 409, "registered-elsewhere")
                        .problem()
                        .path("owner")
                        .asString())
                .isEqualTo(RHODE_ISLAND);
        assertRefused(aliceAtMiriam::unregister, 409, "registered-elsewhere");
        assertRefused(() -> aliceAtMiriam.transfer(NEWPORT), 409, "registered-elsewhere");

        // a physician, with no consent yet
        JsonNode house = fixture.physician(RHODE_ISLAND, "house", PHYSICIAN_PASSWORD, "Gregory House");
        String houseId = house.path("id").asString();
        String houseToken = fixture.login(RHODE_ISLAND, "house", PHYSICIAN_PASSWORD);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(fixture.send(NEWPORT, "GET", "/api/network/physicians/" + houseId, null, null)
                                        .json()
                                        .path("affiliations")
                                        .findValuesAsString("hospital"))
                                .containsExactly(RHODE_ISLAND));
        String visits = "/api/patients/" + alice.patient() + "/visits";
        JsonNode refused = fixture.call(RHODE_ISLAND, "GET", visits, houseToken, null, 403);
        assertThat(refused.path("type").asString()).endsWith("no-consent");

        // consent, then a visit written and read back by physician and patient
        JsonNode grant = aliceAtRhodeIsland.grant(
                new PhysicianId(houseId),
                ConsentGrant.Scope.READ_WRITE,
                Instant.now().plus(Duration.ofDays(30)));
        assertThat(grant.path("inForce").asBoolean()).isTrue();
        String notes = "Lupus ruled out for the " + backend.configName() + " backend";
        fixture.call(RHODE_ISLAND, "POST", visits, houseToken, visit(notes), 201);
        JsonNode read = fixture.call(RHODE_ISLAND, "GET", visits, houseToken, null, 200);
        assertThat(read.findValuesAsString("notes")).containsExactly(notes);
        assertThat(aliceAtRhodeIsland.records()).singleElement().satisfies(visit -> {
            assertThat(visit.content().path("notes").asString()).isEqualTo(notes);
            assertThat(visit.physicianName()).isEqualTo("Gregory House");
            assertThat(visit.content().path("vitals").path("heartRate").asInt()).isEqualTo(72);
        });
        assertThat(dump(RHODE_ISLAND)).noneMatch(row -> row.contains("Lupus") || row.contains("headache"));

        // the access log shows the refusal and the reads
        JsonNode log = aliceAtRhodeIsland.accessLog().path("items");
        assertThat(log.findValuesAsString("actor")).contains("house");
        assertThat(entries(log, "house", "DENIED")).isNotEmpty();
        assertThat(entries(log, "house", "SUCCESS")).hasSizeGreaterThanOrEqualTo(2);

        // revoking ends the physician's access
        aliceAtRhodeIsland.revoke(java.util.UUID.fromString(grant.path("id").asString()));
        fixture.call(RHODE_ISLAND, "GET", visits, houseToken, null, 403);

        // transfers: refused to itself and to strangers, then there and back
        assertRefused(() -> aliceAtRhodeIsland.transfer(RHODE_ISLAND), 422, "same-hospital");
        assertRefused(() -> aliceAtRhodeIsland.transfer("st-elsewhere"), 422, "unknown-hospital");
        assertThat(aliceAtRhodeIsland.transfer(MIRIAM).path("state").asString()).isEqualTo("DONE");
        assertThat(aliceAtMiriam.me().path("registeredHere").asBoolean()).isTrue();
        assertThat(aliceAtMiriam.records())
                .singleElement()
                .satisfies(visit ->
                        assertThat(visit.content().path("notes").asString()).isEqualTo(notes));
        assertThat(aliceAtRhodeIsland.records()).isEmpty();
        assertRefused(aliceAtRhodeIsland::unregister, 409, "registered-elsewhere");
        assertRefused(() -> aliceAtRhodeIsland.transfer(MIRIAM), 409, "registered-elsewhere");
        assertThat(aliceAtMiriam.transfer(RHODE_ISLAND).path("state").asString())
                .isEqualTo("DONE");
        assertThat(aliceAtRhodeIsland.records()).hasSize(1);

        // and leaving: once
        aliceAtRhodeIsland.unregister();
        assertRefused(aliceAtRhodeIsland::unregister, 404, "not-registered");
        assertThat(aliceAtMiriam.me().path("owner").isNull()).isTrue();
    }

    private static Map<String, Object> visit(String notes) {
        return Map.of(
                "time",
                Instant.now().minus(Duration.ofHours(1)).toString(),
                "reason",
                "headache for three days",
                "notes",
                notes,
                "diagnosis",
                "tension headache",
                "treatment",
                "rest, fluids",
                "vitals",
                Map.of("systolic", 120, "diastolic", 80, "heartRate", 72, "heightCm", 170.5, "weightKg", 65.2));
    }

    /** Every row of every table of the hospital's database, as text: what a copy of the database shows. */
    private List<String> dump(String hospital) {
        JdbcTemplate jdbc =
                new JdbcTemplate(fixture.network.node(hospital).context().getBean(DataSource.class));
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> table : jdbc.queryForList("select table_schema, table_name from"
                + " information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') and"
                + " table_type = 'BASE TABLE'")) {
            String name = "\"" + table.get("table_schema") + "\".\"" + table.get("table_name") + "\"";
            rows.addAll(jdbc.queryForList("select t::text from " + name + " t", String.class));
        }
        assertThat(rows).as("the dump holds the visit's rows").isNotEmpty();
        return rows;
    }

    private static List<JsonNode> entries(JsonNode log, String actor, String outcome) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode entry : log) {
            if (entry.path("actor").asString().equals(actor)
                    && entry.path("outcome").asString().equals(outcome)) {
                found.add(entry);
            }
        }
        return found;
    }

    private static PatientClient.Refused assertRefused(Runnable call, int status, String kind) {
        try {
            call.run();
        } catch (PatientClient.Refused refused) {
            assertThat(refused.status()).as(refused.getMessage()).isEqualTo(status);
            assertThat(refused.kind()).as(refused.getMessage()).isEqualTo(kind);
            return refused;
        }
        throw new AssertionError("expected " + status + " " + kind);
    }
}
