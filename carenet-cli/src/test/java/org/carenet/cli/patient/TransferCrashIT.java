package org.carenet.cli.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carenet.card.ConsentGrant;
import org.carenet.card.PatientCard;
import org.carenet.card.PhysicianId;
import org.carenet.network.LedgerBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * A transfer stopped at each of its steps, at the hospital the records leave or at the one they go to, as a crash
 * there would stop it (that node takes no step of any transfer until it is restarted): once that node runs again,
 * the records are at exactly one hospital — the new one — and every hospital's ledger names it. The nodes take up
 * unfinished transfers every 10 ms here (5 s by default), so that this periodic resume also runs while transfers are
 * requested.
 */
class TransferCrashIT {

    private static final String FAULT = "carenet.records.transfer.fail-after";
    private static final String RESUME_EVERY = "carenet.records.transfer.retry";
    private static final String PHYSICIAN_PASSWORD = "crash-test-physician";

    @TempDir
    static Path directory;

    static NetworkFixture fixture;
    static String physician;

    @BeforeAll
    static void start() {
        fixture = NetworkFixture.start(directory.resolve("network"), LedgerBackend.KAFKA, Map.of(RESUME_EVERY, "10ms"));
        physician = fixture.physician(RHODE_ISLAND, "chase", PHYSICIAN_PASSWORD, "Robert Chase")
                .path("id")
                .asString();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "source:STARTED",
                "source:OFFERED",
                "source:LEDGER_APPLIED",
                "source:LEDGER_TRANSFERRED",
                "source:HANDED_OVER",
                "receiver:EXPECTED",
                "receiver:RECEIVED"
            })
    void aTransferStoppedAtAStepEndsWithTheRecordsAtTheNewHospitalOnceTheNodeRunsAgain(String fault) {
        PatientCard card = fixture.card("Patient " + fault, fault);
        PatientClient atRhodeIsland = fixture.patientAt(RHODE_ISLAND, card);
        atRhodeIsland.register();
        atRhodeIsland.grant(
                new PhysicianId(physician),
                ConsentGrant.Scope.READ_WRITE,
                Instant.now().plus(Duration.ofDays(1)));
        String notes = "seen before the transfer stopped at " + fault;
        fixture.call(
                RHODE_ISLAND,
                "POST",
                "/api/patients/" + card.patient() + "/visits",
                fixture.login(RHODE_ISLAND, "chase", PHYSICIAN_PASSWORD),
                Map.of("time", "2026-11-30T10:00:00Z", "reason", "check-up", "notes", notes),
                201);

        String stopping = fault.startsWith("source:") ? RHODE_ISLAND : MIRIAM;
        fixture.network.restartNode(stopping, Map.of(FAULT, fault));
        Throwable interrupted =
                catchThrowable(() -> fixture.patientAt(RHODE_ISLAND, card).transfer(MIRIAM));
        if (interrupted == null) {
            assertThat(fault)
                    .as("only the receiver's fault lets the request answer")
                    .startsWith("receiver:");
        }
        // stopped there: nothing moves the transfer on, until the node is restarted, though both nodes take up
        // unfinished transfers every 10 ms from 2 s after their start
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> !fixture.patientAt(RHODE_ISLAND, card)
                        .transfers()
                        .findValuesAsString("state")
                        .contains("DONE"));
        fixture.network.restartNode(stopping, Map.of(FAULT, ""));

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    PatientClient atMiriam = fixture.patientAt(MIRIAM, card);
                    assertThat(atMiriam.me().path("registeredHere").asBoolean()).isTrue();
                    assertThat(atMiriam.records())
                            .singleElement()
                            .satisfies(visit -> assertThat(
                                            visit.content().path("notes").asString())
                                    .isEqualTo(notes));
                    PatientClient leftBehind = fixture.patientAt(RHODE_ISLAND, card);
                    assertThat(leftBehind.records())
                            .as("the copy at the hospital the records left")
                            .isEmpty();
                    assertThat(leftBehind.transfers().findValuesAsString("state"))
                            .containsExactly("DONE");
                });
        for (String hospital : new String[] {RHODE_ISLAND, MIRIAM, NEWPORT}) {
            JsonNode me = fixture.patientAt(hospital, card).me();
            assertThat(me.path("owner").asString()).as(hospital).isEqualTo(MIRIAM);
        }
    }

    /**
     * The periodic resume lists the unfinished transfers while requests are advancing them: it leaves those to their
     * requests, and each request answers its transfer done, not a step on the way. (When the resume raced the
     * requests, 1 of 32 answered OFFERED in one run, and 2 of 64 OFFERED and HANDED_OVER in another.)
     */
    @Test
    void eachRequestAnswersItsTransferDoneWhileThePeriodicResumeRuns() throws Exception {
        List<PatientCard> cards = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            PatientCard card = fixture.card("Patient moving " + i, "moving-" + i);
            fixture.patientAt(RHODE_ISLAND, card).register();
            cards.add(card);
        }
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            for (PatientCard card : cards) {
                answers.add(clients.submit(() -> fixture.patientAt(RHODE_ISLAND, card)
                        .transfer(NEWPORT)
                        .path("state")
                        .asString()));
            }
        }
        List<String> states = new ArrayList<>();
        for (Future<String> answer : answers) {
            states.add(answer.get());
        }
        assertThat(states).containsOnly("DONE");
    }
}
