package org.carenet.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.carenet.central.NetworkFixture.MIRIAM;
import static org.carenet.central.NetworkFixture.NEWPORT;
import static org.carenet.central.NetworkFixture.RHODE_ISLAND;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.carenet.ledger.Entry;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.LedgerState;
import org.carenet.ledger.MembershipFile;
import org.carenet.ledger.Outcome;
import org.carenet.ledger.SigningKey;
import org.carenet.ledger.sql.CentralProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The central server with three hospitals, on a real database engine chosen by the subclass: the seed's semantics,
 * contention, what is refused at the door, tampering with the central database, and a hospital catching up.
 */
@SpringBootTest(
        classes = CarenetCentral.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + CarenetCentral.CONFIG_NAME)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class CentralBehaviour {

    static final int PARTITIONS = 4;
    static final NetworkFixture NETWORK = new NetworkFixture();
    private static final Path MEMBERSHIP = membershipFile();
    private static final HospitalId UNKNOWN = new HospitalId("st-elsewhere");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate centralDatabase;

    @Autowired
    HikariDataSource centralConnections;

    private Hospitals hospitals;
    private CentralRequests requests;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** The central's settings over the database the subclass made. */
    static void central(DynamicPropertyRegistry registry, String url, String username, String password) {
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> username);
        registry.add("spring.datasource.password", () -> password);
        registry.add("carenet.central.membership", MEMBERSHIP::toString);
        registry.add(
                "carenet.central.operator-key",
                () -> NETWORK.operator.verifyingKey().toBase64());
        registry.add("carenet.central.partitions", () -> PARTITIONS);
        registry.add("server.address", () -> "127.0.0.1");
    }

    private static Path membershipFile() {
        try {
            Path file = Files.createTempFile("carenet-membership", ".json");
            file.toFile().deleteOnExit();
            MembershipFile.write(NETWORK.membership, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops the central's database once the server has stopped. */
    abstract void dropCentralDatabase();

    @BeforeAll
    void startHospitals() {
        URI central = URI.create("http://127.0.0.1:" + port);
        hospitals = new Hospitals(NETWORK, central, PARTITIONS).startAll();
        requests = new CentralRequests(central);
    }

    @AfterAll
    void stopEverything() {
        requests.close();
        hospitals.close();
        // the context closes only after this class (DirtiesContext); its connections go now, so that the database can
        // be dropped
        centralConnections.close();
        dropCentralDatabase();
    }

    private String key(String name) {
        return name + "-" + run;
    }

    private Ledger at(HospitalId hospital) {
        return hospitals.ledger(hospital);
    }

    @Test
    void theSeedsSemanticsHoldAcrossHospitals() {
        String patient = key("patient-semantics");

        assertThat(Ledger.await(at(RHODE_ISLAND).put(patient, "card-1")).kind()).isEqualTo(Outcome.Kind.APPLIED);
        Outcome second = Ledger.await(at(MIRIAM).put(patient, "card-2"));
        assertThat(second.kind()).isEqualTo(Outcome.Kind.OWNED_BY_ANOTHER);
        assertThat(second.owner()).isEqualTo(RHODE_ISLAND);
        assertThat(at(NEWPORT).getSynced(patient))
                .isEqualTo(new LedgerState.Lookup(true, "card-1", RHODE_ISLAND, false));

        assertThat(Ledger.await(at(RHODE_ISLAND).transfer(patient, MIRIAM)).kind())
                .isEqualTo(Outcome.Kind.APPLIED);
        assertThat(at(MIRIAM).getSynced(patient)).isEqualTo(new LedgerState.Lookup(true, "card-1", MIRIAM, true));
        assertThat(Ledger.await(at(RHODE_ISLAND).remove(patient)).kind()).isEqualTo(Outcome.Kind.NOT_OWNER);
        assertThat(Ledger.await(at(MIRIAM).remove(patient)).kind()).isEqualTo(Outcome.Kind.APPLIED);
        assertThat(at(RHODE_ISLAND).getSynced(patient).exists()).isFalse();

        assertThat(Ledger.await(at(NEWPORT).put(patient, "card-3")).kind()).isEqualTo(Outcome.Kind.APPLIED);
        assertThat(Ledger.await(at(NEWPORT).transfer(patient, NEWPORT)).kind())
                .isEqualTo(Outcome.Kind.NEW_OWNER_IS_SELF);
        assertThat(Ledger.await(at(NEWPORT).transfer(patient, UNKNOWN)).kind())
                .isEqualTo(Outcome.Kind.UNKNOWN_NEW_OWNER);
        assertThat(at(RHODE_ISLAND).getSynced(patient))
                .isEqualTo(new LedgerState.Lookup(true, "card-3", NEWPORT, false));
        assertThat(centralRecordOwner(patient)).isEqualTo(NEWPORT.value());
    }

    @Test
    void concurrentPutsOfTheSameKeysHaveExactlyOneWinnerEach() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add(key("contended-" + i));
        }
        Map<HospitalId, List<CompletableFuture<Outcome>>> writes =
                Map.of(RHODE_ISLAND, new ArrayList<>(), MIRIAM, new ArrayList<>(), NEWPORT, new ArrayList<>());
        List<Thread> writers = new ArrayList<>();
        for (HospitalId hospital : NetworkFixture.hospitals()) {
            writers.add(Thread.ofVirtual().start(() -> {
                for (String key : keys) {
                    writes.get(hospital).add(at(hospital).put(key, "card-of-" + hospital));
                }
            }));
        }
        writers.forEach(CentralBehaviour::join);

        for (int i = 0; i < keys.size(); i++) {
            List<HospitalId> winners = new ArrayList<>();
            List<HospitalId> ownersNamed = new ArrayList<>();
            for (HospitalId hospital : NetworkFixture.hospitals()) {
                Outcome outcome = Ledger.await(writes.get(hospital).get(i));
                if (outcome.applied()) {
                    winners.add(hospital);
                } else {
                    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.OWNED_BY_ANOTHER);
                    ownersNamed.add(outcome.owner());
                }
            }
            assertThat(winners).as("winners of %s", keys.get(i)).hasSize(1);
            assertThat(ownersNamed).as("the losers learn the winner").containsOnly(winners.getFirst());
            for (HospitalId hospital : NetworkFixture.hospitals()) {
                assertThat(at(hospital).getSynced(keys.get(i)).owner()).isEqualTo(winners.getFirst());
            }
            assertThat(centralRecordOwner(keys.get(i)))
                    .isEqualTo(winners.getFirst().value());
        }
        assertThat(at(MIRIAM).check(at(RHODE_ISLAND).checkpoint())).isEmpty();
        assertThat(at(NEWPORT).check(at(RHODE_ISLAND).checkpoint())).isEmpty();
        assertThat(at(RHODE_ISLAND).check(at(NEWPORT).checkpoint())).isEmpty();
        for (HospitalId hospital : NetworkFixture.hospitals()) {
            assertThat(hospitals.log(hospital).discrepancies()).noneMatch(problem -> problem.contains("contended-"));
            assertThat(at(hospital).verify().consistent()).isTrue();
        }
    }

    @Test
    void entriesThatAreNotAuthenticAreRefusedAtTheDoorAndNothingIsOrdered() {
        String patient = key("patient-door");
        Entry ordered = NETWORK.put(RHODE_ISLAND, patient, "card-1");
        assertThat(postAs(RHODE_ISLAND, ordered.encode()).statusCode()).isEqualTo(200);
        List<Long> before = positions();

        Entry forged = Entry.put(SigningKey.generate(new SecureRandom()), UNKNOWN, patient, "card-x", Instant.now());
        assertProblem(postAs(RHODE_ISLAND, forged.encode()), 403, "rhode-island-hospital sent an entry written by");
        Entry badlySigned = Entry.put(NETWORK.miriam, RHODE_ISLAND, patient, "card-x", Instant.now());
        assertProblem(postAs(RHODE_ISLAND, badlySigned.encode()), 403, "not authentic");
        assertProblem(postAs(MIRIAM, ordered.encode()), 403, "a hospital appends its own entries only");
        assertProblem(postAs(RHODE_ISLAND, ordered.encode()), 409, "a replay orders nothing");
        assertProblem(postAs(RHODE_ISLAND, "not an entry".getBytes()), 400, "not an encoded ledger entry");

        assertThat(positions()).isEqualTo(before);
        assertThat(at(NEWPORT).getSynced(patient))
                .isEqualTo(new LedgerState.Lookup(true, "card-1", RHODE_ISLAND, false));
        assertThat(centralRecordOwner(patient)).isEqualTo(RHODE_ISLAND.value());
    }

    @Test
    void eachEntryOfABatchIsAdmittedOrRefusedOnItsOwn() {
        String patient = key("patient-batch");
        Entry first = NETWORK.put(MIRIAM, patient, "card-1");
        Entry forged = Entry.put(NETWORK.newport, MIRIAM, key("patient-batch-forged"), "card-x", Instant.now());
        Entry second = NETWORK.put(MIRIAM, key("patient-batch-2"), "card-2");
        byte[] body = CentralProtocol.encodeBatch(
                List.of(first.encode(), forged.encode(), first.encode(), "junk".getBytes(), second.encode()));
        String path = CentralProtocol.ENTRIES;
        Map<String, String> headers =
                new HashMap<>(CentralRequests.signed(MIRIAM, NETWORK.miriam, "POST", path, Instant.now(), body));
        headers.put("Content-Type", CentralProtocol.BATCH_MEDIA_TYPE);

        HttpResponse<String> response = requests.send("POST", path, body, headers);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Pattern.compile("\"status\":(\\d+)")
                        .matcher(response.body())
                        .results()
                        .map(match -> match.group(1)))
                .as("forged, replayed within the batch, malformed")
                .containsExactly("200", "403", "409", "400", "200");
        assertThat(at(RHODE_ISLAND).getSynced(patient).owner()).isEqualTo(MIRIAM);
        assertThat(at(RHODE_ISLAND).getSynced(key("patient-batch-2")).owner()).isEqualTo(MIRIAM);
        assertThat(at(RHODE_ISLAND).getSynced(key("patient-batch-forged")).exists())
                .isFalse();
    }

    @Test
    void requestsThatAreNotSignedByAMemberAreUnauthorized() {
        String path = CentralProtocol.PARTITIONS;
        byte[] none = new byte[0];
        Instant now = Instant.now();

        assertThat(requests.send(
                                "GET",
                                path,
                                none,
                                CentralRequests.signed(MIRIAM, NETWORK.miriam, "GET", path, now, none))
                        .statusCode())
                .isEqualTo(200);
        assertProblem(requests.send("GET", path, none, Map.of()), 401, "not signed");
        assertProblem(
                requests.send(
                        "GET", path, none, CentralRequests.signed(MIRIAM, NETWORK.newport, "GET", path, now, none)),
                401,
                "not miriam-hospital's");
        assertProblem(
                requests.send(
                        "GET", path, none, CentralRequests.signed(UNKNOWN, NETWORK.miriam, "GET", path, now, none)),
                401,
                "not a member");
        Instant stale = now.minus(Duration.ofMinutes(10));
        assertProblem(
                requests.send(
                        "GET", path, none, CentralRequests.signed(MIRIAM, NETWORK.miriam, "GET", path, stale, none)),
                401,
                "from the receiver's clock");
        byte[] entry = NETWORK.put(MIRIAM, key("patient-unsigned"), "card-1").encode();
        Map<String, String> signedForAnotherBody = CentralRequests.signed(
                MIRIAM, NETWORK.miriam, "POST", CentralProtocol.ENTRIES, now, "another body".getBytes());
        List<Long> before = positions();
        assertProblem(requests.send("POST", CentralProtocol.ENTRIES, entry, signedForAnotherBody), 401, "not miriam");
        assertThat(positions()).isEqualTo(before);
    }

    @Test
    void aRewrittenLogEntryIsDetectedByAHospitalThatStreamsIt() {
        String patient = key("patient-rewritten");
        assertThat(Ledger.await(at(RHODE_ISLAND).put(patient, "card-1")).applied())
                .isTrue();
        Entry original = at(RHODE_ISLAND).history(patient).getFirst().entry();
        Entry rewritten = new Entry(
                original.writer(),
                original.command(),
                original.key(),
                "card-forged",
                original.newOwner(),
                original.nonce(),
                original.writtenAt(),
                original.signature());
        centralDatabase.update("update ledger_log set entry = ? where entry_key = ?", rewritten.encode(), patient);

        try (Hospitals.Running late = hospitals.run(NEWPORT, "ledger_late_" + run.replace('-', '_'))) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> late.log().discrepancies().stream().anyMatch(problem -> problem.contains(patient)));
            assertThat(late.log().discrepancies())
                    .anyMatch(problem -> problem.contains(patient)
                            && problem.contains(
                                    "the central recorded APPLIED but this hospital's rules give" + " BAD_SIGNATURE"));
            assertThat(late.ledger().getSynced(patient).exists())
                    .as("the forged value is not applied")
                    .isFalse();
            assertThat(late.ledger().check(at(RHODE_ISLAND).checkpoint()))
                    .hasValueSatisfying(problem -> assertThat(problem).contains("history differs"));
        }
    }

    /**
     * Puts keys at Rhode Island until two of them are next to each other in one partition of the central's log;
     * returns that partition and the first one's position.
     */
    private long[] twoNeighbours(String prefix) {
        for (int i = 0; ; i++) {
            assertThat(i).as("two neighbours within 200 puts").isLessThan(200);
            assertThat(Ledger.await(at(RHODE_ISLAND).put(key(prefix + i), "card-" + i))
                            .applied())
                    .isTrue();
            List<Map<String, Object>> rows = centralDatabase.queryForList(
                    "select a.partition_no, a.position from ledger_log a join ledger_log b"
                            + " on b.partition_no = a.partition_no and b.position = a.position + 1"
                            + " where a.entry_key like ? and b.entry_key like ?",
                    prefix + "%-" + run,
                    prefix + "%-" + run);
            if (!rows.isEmpty()) {
                return new long[] {
                    ((Number) rows.getFirst().get("partition_no")).longValue(),
                    ((Number) rows.getFirst().get("position")).longValue()
                };
            }
        }
    }

    @Test
    void anEntryDroppedFromTheCentralLogIsDetectedByAHospitalThatStreamsIt() {
        long[] neighbours = twoNeighbours("patient-dropped-");
        String dropped = centralDatabase.queryForObject(
                "select entry_key from ledger_log where partition_no = ? and position = ?",
                String.class,
                neighbours[0],
                neighbours[1]);
        centralDatabase.update(
                "delete from ledger_log where partition_no = ? and position = ?", neighbours[0], neighbours[1]);

        try (Hospitals.Running late = hospitals.run(NEWPORT, "ledger_dropped_" + run.replace('-', '_'))) {
            // the entry after the gap no longer chains to what came before it here
            String after = "partition " + neighbours[0] + ", position " + (neighbours[1] + 1) + ",";
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> late.log().discrepancies().stream()
                            .anyMatch(problem -> problem.startsWith(after)
                                    && problem.contains("the central's chain hash is not this replica's")));
            assertThat(late.ledger().getSynced(dropped).exists()).isFalse();
        }
    }

    @Test
    void entriesSwappedInTheCentralLogAreDetectedByAHospitalThatStreamsIt() {
        long[] neighbours = twoNeighbours("patient-swapped-");
        byte[] first = centralDatabase.queryForObject(
                "select entry from ledger_log where partition_no = ? and position = ?",
                byte[].class,
                neighbours[0],
                neighbours[1]);
        byte[] second = centralDatabase.queryForObject(
                "select entry from ledger_log where partition_no = ? and position = ?",
                byte[].class,
                neighbours[0],
                neighbours[1] + 1);
        centralDatabase.update(
                "update ledger_log set entry = ? where partition_no = ? and position = ?",
                second,
                neighbours[0],
                neighbours[1]);
        centralDatabase.update(
                "update ledger_log set entry = ? where partition_no = ? and position = ?",
                first,
                neighbours[0],
                neighbours[1] + 1);

        try (Hospitals.Running late = hospitals.run(NEWPORT, "ledger_swapped_" + run.replace('-', '_'))) {
            String swapped = "partition " + neighbours[0] + ", position " + neighbours[1] + ",";
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> late.log().discrepancies().stream()
                            .anyMatch(problem -> problem.startsWith(swapped)
                                    && problem.contains("the central's chain hash is not this replica's")));
        }
    }

    @Test
    void aRewrittenRecordIsDetectedWhenTheKeyIsWrittenAgain() {
        String patient = key("patient-reowned");
        assertThat(Ledger.await(at(RHODE_ISLAND).put(patient, "card-1")).applied())
                .isTrue();
        centralDatabase.update("update ledger_records set owner = ? where entry_key = ?", MIRIAM.value(), patient);

        Outcome outcome = Ledger.await(at(MIRIAM).put(patient, "card-2"));

        assertThat(outcome.kind()).as("the replica's rules decide").isEqualTo(Outcome.Kind.OWNED_BY_ANOTHER);
        assertThat(outcome.owner()).isEqualTo(RHODE_ISLAND);
        for (HospitalId hospital : NetworkFixture.hospitals()) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(hospitals.log(hospital).discrepancies())
                            .anyMatch(problem -> problem.contains(patient)
                                    && problem.contains("the central recorded APPLIED but this hospital's rules give"
                                            + " OWNED_BY_ANOTHER (owner rhode-island-hospital)")));
            assertThat(at(hospital).getSynced(patient).owner()).isEqualTo(RHODE_ISLAND);
        }
    }

    @Test
    void aStoppedHospitalCatchesUpWhenRestarted() {
        hospitals.stop(NEWPORT);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            keys.add(key("patient-while-away-" + i));
            assertThat(Ledger.await(at(RHODE_ISLAND).put(keys.getLast(), "card-" + i))
                            .applied())
                    .isTrue();
        }
        assertThat(Ledger.await(at(RHODE_ISLAND).transfer(keys.getFirst(), NEWPORT))
                        .applied())
                .isTrue();

        hospitals.start(NEWPORT);

        assertThat(at(NEWPORT).getSynced(keys.getFirst()))
                .isEqualTo(new LedgerState.Lookup(true, "card-0", NEWPORT, true));
        for (String key : keys.subList(1, keys.size())) {
            assertThat(at(NEWPORT).getSynced(key).owner()).isEqualTo(RHODE_ISLAND);
        }
        assertThat(at(NEWPORT).check(at(RHODE_ISLAND).checkpoint())).isEmpty();
        assertThat(Ledger.await(at(NEWPORT).remove(keys.getFirst())).applied()).isTrue();
    }

    private HttpResponse<String> postAs(HospitalId hospital, byte[] body) {
        String path = CentralProtocol.ENTRIES;
        return requests.send(
                "POST",
                path,
                body,
                CentralRequests.signed(hospital, NETWORK.keyOf(hospital), "POST", path, Instant.now(), body));
    }

    private List<Long> positions() {
        return centralDatabase.queryForList("select position from ledger_heads order by partition_no", Long.class);
    }

    private String centralRecordOwner(String key) {
        return centralDatabase.queryForObject(
                "select owner from ledger_records where entry_key = ?", String.class, key);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"detail\"").contains(detail);
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
