package org.carenet.cli.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.carenet.cli.patient.NetworkFixture.MIRIAM;
import static org.carenet.cli.patient.NetworkFixture.NEWPORT;
import static org.carenet.cli.patient.NetworkFixture.RHODE_ISLAND;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.carenet.card.CardFile;
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
        String visitId = fixture.call(RHODE_ISLAND, "POST", visits, houseToken, visit(notes), 201)
                .path("id")
                .asString();
        JsonNode read = fixture.call(RHODE_ISLAND, "GET", visits, houseToken, null, 200);
        assertThat(read.findValuesAsString("notes")).containsExactly(notes);
        String oneVisit = visits + "/" + visitId;
        assertThat(fixture.call(RHODE_ISLAND, "GET", oneVisit, houseToken, null, 200)
                        .path("content")
                        .path("notes")
                        .asString())
                .isEqualTo(notes);
        fixture.call(RHODE_ISLAND, "GET", visits + "/" + java.util.UUID.randomUUID(), houseToken, null, 404);
        assertThat(aliceAtRhodeIsland.records()).singleElement().satisfies(visit -> {
            assertThat(visit.content().path("notes").asString()).isEqualTo(notes);
            assertThat(visit.physicianName()).isEqualTo("Gregory House");
            assertThat(visit.content().path("vitals").path("heartRate").asInt()).isEqualTo(72);
        });
        assertRevealsNothing(RHODE_ISLAND, visitSecrets(notes));

        // a grant makes him her physician of record; unlinked by an administrator, the grant alone does not let
        // him read, and linked again it does; both in her access log
        String link = "/api/patients/" + alice.patient() + "/physicians/" + houseId;
        fixture.call(RHODE_ISLAND, "DELETE", link, fixture.admin(RHODE_ISLAND), null, 204);
        assertThat(fixture.call(RHODE_ISLAND, "GET", visits, houseToken, null, 403)
                        .path("detail")
                        .asString())
                .contains("not this patient's physician of record");
        fixture.call(RHODE_ISLAND, "PUT", link, fixture.admin(RHODE_ISLAND), null, 204);
        fixture.call(RHODE_ISLAND, "GET", visits, houseToken, null, 200);
        assertThat(entries(aliceAtRhodeIsland.accessLog().path("items"), "admin", "SUCCESS"))
                .extracting(entry -> entry.path("action").asString())
                .containsExactly("UPDATE", "UPDATE");

        // the access log shows the refusal and the reads
        JsonNode log = aliceAtRhodeIsland.accessLog().path("items");
        assertThat(log.findValuesAsString("actor")).contains("house");
        assertThat(entries(log, "house", "DENIED")).isNotEmpty();
        assertThat(entries(log, "house", "SUCCESS")).hasSizeGreaterThanOrEqualTo(2);

        // revoking ends the physician's access: the permission check refuses him, and his wraps of her visits'
        // keys are gone, so that no reading of the database would open them for him either
        assertThat(wrapsOf(RHODE_ISLAND, alice.patient().value(), houseId)).isPositive();
        aliceAtRhodeIsland.revoke(java.util.UUID.fromString(grant.path("id").asString()));
        assertThat(wrapsOf(RHODE_ISLAND, alice.patient().value(), houseId)).isZero();
        fixture.call(RHODE_ISLAND, "GET", visits, houseToken, null, 403);
        assertThat(fixture.call(RHODE_ISLAND, "GET", oneVisit, houseToken, null, 403)
                        .path("type")
                        .asString())
                .endsWith("no-consent");

        // with Alice at his desk, her card opens her records to him without a grant, until she leaves
        Map<String, Object> card =
                Map.of("card", tools.jackson.databind.json.JsonMapper.shared().readTree(CardFile.encode(alice, null)));
        fixture.call(RHODE_ISLAND, "POST", "/api/physicians/me/patient-card", houseToken, card, 204);
        assertThat(fixture.call(RHODE_ISLAND, "GET", oneVisit, houseToken, null, 200)
                        .path("content")
                        .path("notes")
                        .asString())
                .isEqualTo(notes);
        fixture.call(RHODE_ISLAND, "DELETE", "/api/physicians/me/patient-card", houseToken, null, 204);
        fixture.call(RHODE_ISLAND, "GET", oneVisit, houseToken, null, 403);
        // nor did her card leave its keys behind; the search does find keys, her public ones
        assertThat(dump(RHODE_ISLAND))
                .anyMatch(
                        row -> forms(alice.encryptionKey().publicKey()).stream().anyMatch(row::contains));
        assertRevealsNothing(
                RHODE_ISLAND,
                List.of(
                        Base64.getDecoder().decode(alice.signingKey().toBase64()),
                        alice.encryptionKey().toBytes()));

        // the physician works at Miriam too, with the same network identity
        String identity = fixture.send(RHODE_ISLAND, "GET", "/api/physicians/me/identity", houseToken, null)
                .body();
        fixture.call(
                MIRIAM,
                "POST",
                "/api/users",
                fixture.admin(MIRIAM),
                Map.of("username", "house", "password", "house-at-miriam-password", "roles", List.of("PHYSICIAN")),
                201);
        String houseAtMiriam = fixture.login(MIRIAM, "house", "house-at-miriam-password");
        String fresh = fixture.call(MIRIAM, "GET", "/api/physicians/me", houseAtMiriam, null, 200)
                .path("id")
                .asString();
        JsonNode adopted = fixture.call(
                MIRIAM,
                "PUT",
                "/api/physicians/me/identity",
                houseAtMiriam,
                Map.of(
                        "identity",
                        fixture.json(identity),
                        "identityPassword",
                        PHYSICIAN_PASSWORD,
                        "password",
                        "house-at-miriam-password"),
                200);
        assertThat(adopted.path("id").asString()).isEqualTo(houseId).isNotEqualTo(fresh);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(fixture.send(NEWPORT, "GET", "/api/network/physicians/" + houseId, null, null)
                                        .json()
                                        .path("affiliations")
                                        .findValuesAsString("hospital"))
                                .containsExactlyInAnyOrder(RHODE_ISLAND, MIRIAM));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(fixture.send(NEWPORT, "GET", "/api/network/physicians/" + fresh, null, null)
                                        .status())
                                .as("the identity the account had before is withdrawn")
                                .isEqualTo(404));
        aliceAtRhodeIsland.grant(
                new PhysicianId(houseId), ConsentGrant.Scope.READ, Instant.now().plus(Duration.ofDays(30)));

        // transfers: refused to itself and to strangers, then there and back; consent travels with the records
        assertRefused(() -> aliceAtRhodeIsland.transfer(RHODE_ISLAND), 422, "same-hospital");
        assertRefused(() -> aliceAtRhodeIsland.transfer("st-elsewhere"), 422, "unknown-hospital");
        assertThat(aliceAtRhodeIsland.transfer(MIRIAM).path("state").asString()).isEqualTo("DONE");
        assertThat(aliceAtMiriam.me().path("registeredHere").asBoolean()).isTrue();
        assertThat(entries(aliceAtMiriam.accessLog().path("items"), "hospital:" + RHODE_ISLAND, "SUCCESS"))
                .as("the new hospital's trail shows who handed the records over")
                .singleElement()
                .satisfies(entry -> assertThat(entry.path("action").asString()).isEqualTo("TRANSFER"));
        assertThat(aliceAtMiriam.records())
                .singleElement()
                .satisfies(visit ->
                        assertThat(visit.content().path("notes").asString()).isEqualTo(notes));
        assertRevealsNothing(MIRIAM, visitSecrets(notes));
        houseAtMiriam = fixture.login(MIRIAM, "house", "house-at-miriam-password");
        assertThat(fixture.call(MIRIAM, "GET", visits, houseAtMiriam, null, 200).findValuesAsString("notes"))
                .containsExactly(notes);
        fixture.call(RHODE_ISLAND, "GET", visits, houseToken, null, 404);
        assertThat(aliceAtRhodeIsland.records()).isEmpty();
        assertRefused(aliceAtRhodeIsland::unregister, 409, "registered-elsewhere");
        assertRefused(() -> aliceAtRhodeIsland.transfer(MIRIAM), 409, "registered-elsewhere");
        assertThat(aliceAtMiriam.transfer(RHODE_ISLAND).path("state").asString())
                .isEqualTo("DONE");
        assertThat(aliceAtRhodeIsland.records()).hasSize(1);

        // an expired token changes nothing
        String expired = fixture.expired(RHODE_ISLAND, aliceAtRhodeIsland.accessToken());
        assertThat(fixture.send(RHODE_ISLAND, "DELETE", "/api/patients/me/registration", expired, null)
                        .status())
                .isEqualTo(401);
        assertThat(fixture.send(RHODE_ISLAND, "POST", "/api/patients/me/transfers", expired, Map.of("hospital", MIRIAM))
                        .status())
                .isEqualTo(401);
        assertThat(aliceAtRhodeIsland.me().path("registeredHere").asBoolean()).isTrue();

        // and leaving: once
        aliceAtRhodeIsland.unregister();
        assertRefused(aliceAtRhodeIsland::unregister, 404, "not-registered");
        assertThat(aliceAtMiriam.me().path("owner").isNull()).isTrue();

        // her records stay at Rhode Island: registered at Miriam again, she cannot move back there, as a hospital
        // that keeps records of her refuses the offer; the transfer fails and changes nothing
        aliceAtMiriam.register();
        JsonNode refusedOffer = aliceAtMiriam.transfer(RHODE_ISLAND);
        assertThat(refusedOffer.path("state").asString()).isEqualTo("FAILED");
        assertThat(refusedOffer.path("failure").asString()).contains("keeps records of this patient already");
        assertThat(aliceAtMiriam.me().path("owner").asString()).isEqualTo(MIRIAM);
        assertThat(aliceAtRhodeIsland.records()).hasSize(1);
        aliceAtMiriam.unregister();

        // the seed's load test: a hundred patients registering at all three hospitals at once
        List<PatientCard> patients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            patients.add(fixture.card("Patient " + i, "load-" + i));
        }
        Map<String, String> winners = new ConcurrentHashMap<>();
        List<Callable<Boolean>> registrations = new ArrayList<>();
        for (PatientCard patient : patients) {
            for (String hospital : List.of(RHODE_ISLAND, MIRIAM, NEWPORT)) {
                PatientClient client = fixture.patientAt(hospital, patient);
                registrations.add(() -> {
                    try {
                        client.register();
                        assertThat(winners.put(patient.patient().value(), hospital))
                                .isNull();
                        return true;
                    } catch (PatientClient.Refused lost) {
                        assertThat(lost.kind()).isEqualTo("registered-elsewhere");
                        return false;
                    }
                });
            }
        }
        long successes;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            successes = pool.invokeAll(registrations).stream()
                    .filter(done -> {
                        try {
                            return done.get();
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    })
                    .count();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(successes).isEqualTo(100);
        assertThat(winners).hasSize(100);
        for (PatientCard patient : patients.subList(0, 10)) {
            for (String hospital : List.of(RHODE_ISLAND, MIRIAM, NEWPORT)) {
                assertThat(fixture.patientAt(hospital, patient)
                                .me()
                                .path("owner")
                                .asString())
                        .isEqualTo(winners.get(patient.patient().value()));
            }
        }
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

    /** What of a visit only its readers may see: each text of it, and the names of its vitals. */
    private static List<Object> visitSecrets(String notes) {
        return List.of(notes, "headache for three days", "tension headache", "rest, fluids", "systolic", "heartRate");
    }

    /**
     * No row of the hospital's database holds any of the {@code secrets} (texts, or bytes such as a private key),
     * in any of their {@link #forms}.
     */
    private void assertRevealsNothing(String hospital, List<Object> secrets) {
        List<String> rows = dump(hospital);
        for (Object secret : secrets) {
            for (String form : forms(secret)) {
                assertThat(rows).as("%s's database holds %s", hospital, form).noneMatch(row -> row.contains(form));
            }
        }
    }

    /** A text or bytes as a database dump could show them: as text, as the hex a {@code bytea} shows, in base64. */
    private static List<String> forms(Object secret) {
        byte[] bytes = secret instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) secret;
        List<String> forms = new ArrayList<>(
                List.of(HexFormat.of().formatHex(bytes), Base64.getEncoder().encodeToString(bytes)));
        if (secret instanceof String text) {
            forms.add(text);
        }
        return forms;
    }

    /** The hospital's database, as the node sees it. */
    private JdbcTemplate database(String hospital) {
        return new JdbcTemplate(fixture.network.node(hospital).context().getBean(DataSource.class));
    }

    /** How many of the patient's visits' keys the hospital keeps wrapped to the physician. */
    private int wrapsOf(String hospital, String patient, String physician) {
        return database(hospital)
                .queryForObject(
                        "select count(*) from records.visit_keys k join records.visits v on v.id = k.visit_id"
                                + " where v.patient_id = ? and k.recipient = ?",
                        Integer.class,
                        patient,
                        physician);
    }

    /** Every row of every table of the hospital's database, as text: what a copy of the database shows. */
    private List<String> dump(String hospital) {
        JdbcTemplate jdbc = database(hospital);
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
