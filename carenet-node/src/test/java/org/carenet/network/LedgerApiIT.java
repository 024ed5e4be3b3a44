package org.carenet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carenet.embedded.EmbeddedKafkaBroker;
import org.carenet.embedded.FreePorts;
import org.carenet.embedded.TestDatabases;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.JdbcReplicaStore;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.Membership;
import org.carenet.ledger.MembershipFile;
import org.carenet.ledger.Outcome;
import org.carenet.ledger.Replica;
import org.carenet.ledger.SigningKey;
import org.carenet.ledger.grpc.BearerToken;
import org.carenet.ledger.grpc.ConsistentStorageClient;
import org.carenet.ledger.kafka.KafkaLedgerLog;
import org.carenet.ledger.kafka.KafkaLedgerSettings;
import org.carenet.testing.Api;
import org.carenet.testing.NodeTest;
import org.carenet.testing.PageClient;
import org.carenet.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * The operators' ledger API of a node on the kafka backend, with a second hospital (Miriam) writing to the same
 * ledger through the library, as its own node would.
 */
@NodeTest
@ContextConfiguration(initializers = {TestDatabase.class, LedgerApiIT.OnKafka.class})
class LedgerApiIT {

    static final HospitalId TEST = new HospitalId("test-hospital");
    static final HospitalId MIRIAM = new HospitalId("miriam-hospital");
    static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    static EmbeddedKafkaBroker broker;
    static int grpcPort = FreePorts.find();
    static SigningKey miriamKey = SigningKey.generate(new SecureRandom());
    static Membership membership;
    static String miriamDatabase;
    static HikariDataSource miriamDataSource;
    static Ledger miriam;

    @LocalServerPort
    int port;

    @BeforeAll
    static void broker() throws Exception {
        broker = EmbeddedKafkaBroker.start(Files.createTempDirectory("carenet-kafka-"));
    }

    @AfterAll
    static void stop() {
        if (miriam != null) {
            miriam.close();
        }
        if (miriamDataSource != null) {
            miriamDataSource.close();
            TestDatabases.drop(miriamDatabase);
        }
        broker.close();
    }

    /** This node's key and Miriam's in a signed membership, and the ledger on the test broker. */
    @Order(1)
    static final class OnKafka implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Path dataDir = Path.of(context.getEnvironment().getRequiredProperty("carenet.node.data-dir"));
            SecureRandom random = new SecureRandom();
            SigningKey own = SigningKey.loadOrCreate(dataDir.resolve(NetworkMembership.LEDGER_KEY_FILE), random);
            SigningKey operator = SigningKey.generate(random);
            Instant joined = Instant.parse("2026-11-23T10:00:00Z");
            membership = Membership.signed(
                    1,
                    List.of(
                            new Membership.Member(
                                    TEST,
                                    "Test Hospital",
                                    "http://127.0.0.1:1",
                                    "127.0.0.1:1",
                                    own.verifyingKey(),
                                    joined),
                            new Membership.Member(
                                    MIRIAM,
                                    "Miriam Hospital",
                                    "http://127.0.0.1:1",
                                    "127.0.0.1:1",
                                    miriamKey.verifyingKey(),
                                    joined)),
                    operator);
            Path file = dataDir.resolve("membership.json");
            MembershipFile.write(membership, file);
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "testLedger",
                            Map.of(
                                    "carenet.node.hospital-id", TEST.value(),
                                    "carenet.network.membership-file", file.toString(),
                                    "carenet.network.operator-key",
                                            operator.verifyingKey().toBase64(),
                                    "carenet.ledger.backend", "sagas",
                                    "carenet.ledger.kafka.bootstrap-servers", broker.bootstrapServers(),
                                    "carenet.ledger.grpc-port", grpcPort)));
        }
    }

    private Ledger miriam() {
        if (miriam == null) {
            miriamDatabase = TestDatabases.create();
            miriamDataSource = new HikariDataSource();
            miriamDataSource.setJdbcUrl(miriamDatabase);
            miriamDataSource.setUsername(TestDatabases.username());
            miriamDataSource.setPassword(TestDatabases.password());
            Replica replica = new Replica(
                    MIRIAM,
                    membership,
                    new JdbcReplicaStore(miriamDataSource, JdbcReplicaStore.DEFAULT_SCHEMA),
                    KafkaLedgerSettings.DEFAULT_PARTITIONS,
                    Clock.systemUTC());
            miriam = new Ledger(
                            miriamKey,
                            KafkaLedgerLog.open(KafkaLedgerSettings.of(broker.bootstrapServers(), MIRIAM)),
                            replica,
                            Clock.systemUTC(),
                            Duration.ofSeconds(10))
                    .start();
        }
        return miriam;
    }

    private String admin(Api api) {
        return api.login("admin", NodeTest.ADMIN_PASSWORD);
    }

    private static String value(String value) {
        return Api.json(Map.of("value", value));
    }

    @Test
    void theSeedsSemanticsHoldBetweenThisNodeAndAnotherHospital() {
        Api api = new Api(port);
        String token = admin(api);

        Api.Response put = api.send("PUT", "/api/ledger/keys/patient-1", token, value("card-1"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("owner").asString()).isEqualTo(TEST.value());
        Api.Response get = api.get("/api/ledger/keys/patient-1", token);
        assertThat(get.json().get("value").asString()).isEqualTo("card-1");
        assertThat(get.json().get("isOwner").asBoolean()).isTrue();

        assertThat(Ledger.await(miriam().put("patient-1", "card-1")).kind())
                .as("Miriam cannot register what this node holds")
                .isEqualTo(Outcome.Kind.OWNED_BY_ANOTHER);

        Api.Response transfer =
                api.post("/api/ledger/keys/patient-1/transfer", token, Api.json(Map.of("newOwner", MIRIAM.value())));
        assertThat(transfer.status()).as(transfer.body()).isEqualTo(200);
        assertThat(transfer.json().get("owner").asString()).isEqualTo(MIRIAM.value());

        Api.Response removeHere = api.send("DELETE", "/api/ledger/keys/patient-1", token, null);
        assertThat(removeHere.status()).isEqualTo(403);
        assertThat(removeHere.json().get("type").asString()).endsWith("not-owner");
        assertThat(removeHere.json().get("owner").asString()).isEqualTo(MIRIAM.value());

        assertThat(Ledger.await(miriam().remove("patient-1")).applied()).isTrue();
        Api.Response gone = api.get("/api/ledger/keys/patient-1?sync=true", token);
        assertThat(gone.status()).as("a synced read sees Miriam's removal").isEqualTo(404);
        assertThat(gone.json().get("type").asString()).endsWith("missing-key");

        assertThat(api.send("PUT", "/api/ledger/keys/patient-1", token, value("card-1b"))
                        .status())
                .as("free again")
                .isEqualTo(200);
    }

    @Test
    void aKeyHeldByAnotherHospitalIsAConflictNamingIt() {
        Api api = new Api(port);
        String token = admin(api);
        assertThat(Ledger.await(miriam().put("patient-2", "card-2")).applied()).isTrue();

        Api.Response put = api.send("PUT", "/api/ledger/keys/patient-2", token, value("card-2"));

        assertThat(put.status()).isEqualTo(409);
        assertThat(put.contentType()).startsWith("application/problem+json");
        assertThat(put.json().get("owner").asString()).isEqualTo(MIRIAM.value());
        assertThat(put.json().get("detail").asString()).contains(MIRIAM.value());
    }

    @Test
    void transfersToNobodyOrToSelfAreUnprocessableAndChangeNothing() {
        Api api = new Api(port);
        String token = admin(api);
        api.send("PUT", "/api/ledger/keys/patient-3", token, value("card-3"));

        Api.Response unknown = api.post(
                "/api/ledger/keys/patient-3/transfer", token, Api.json(Map.of("newOwner", "nowhere-hospital")));
        Api.Response self =
                api.post("/api/ledger/keys/patient-3/transfer", token, Api.json(Map.of("newOwner", TEST.value())));
        Api.Response missing = api.post(
                "/api/ledger/keys/patient-nobody/transfer", token, Api.json(Map.of("newOwner", MIRIAM.value())));

        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("type").asString()).endsWith("unknown-new-owner");
        assertThat(self.status()).isEqualTo(422);
        assertThat(self.json().get("type").asString()).endsWith("new-owner-is-self");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(api.get("/api/ledger/keys/patient-3", token)
                        .json()
                        .get("owner")
                        .asString())
                .isEqualTo(TEST.value());
    }

    @Test
    void theHistoryShowsEveryEntryWithItsProofsAndTheReplicaVerifies() {
        Api api = new Api(port);
        String token = admin(api);
        api.send("PUT", "/api/ledger/keys/patient-4", token, value("card-4"));
        api.post("/api/ledger/keys/patient-4/transfer", token, Api.json(Map.of("newOwner", MIRIAM.value())));

        JsonNode history = api.get("/api/ledger/keys/patient-4/history", token).json();
        assertThat(history.findValuesAsString("command")).containsExactly("PUT", "TRANSFER");
        assertThat(history.findValuesAsString("outcome")).containsExactly("APPLIED", "APPLIED");
        assertThat(history.get(0).get("signature").asString()).isNotBlank();
        assertThat(history.get(0).get("hash").asString()).hasSize(64);

        JsonNode verification = api.get("/api/ledger/verify", token).json();
        assertThat(verification.get("consistent").asBoolean())
                .as(verification.toString())
                .isTrue();
        assertThat(verification.get("entries").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(verification.get("peers").get(0).get("hospital").asString()).isEqualTo(MIRIAM.value());
        assertThat(verification.get("peers").get(0).get("reachable").asBoolean())
                .as("Miriam's node does not run in this test")
                .isFalse();

        JsonNode status = api.get("/api/ledger/status", token).json();
        assertThat(status.get("backend").asString()).isEqualTo("kafka");
        assertThat(status.get("partitions")).hasSize(KafkaLedgerSettings.DEFAULT_PARTITIONS);
        assertThat(status.get("lastVerification").get("consistent").asBoolean()).isTrue();
    }

    @Test
    void theSignedCheckpointIsPublicAndAgreesWithAnotherHospitalsReplica() {
        Api api = new Api(port);
        String token = admin(api);
        api.send("PUT", "/api/ledger/keys/patient-5", token, value("card-5"));

        Api.Response checkpoint = api.get("/api/ledger/checkpoint", null);
        assertThat(checkpoint.status()).isEqualTo(200);
        CheckpointDocument document =
                tools.jackson.databind.json.JsonMapper.shared().readValue(checkpoint.body(), CheckpointDocument.class);

        Ledger other = miriam();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> other.getSynced("patient-5").exists());
        assertThat(other.check(document.checkpoint())).isEmpty();
    }

    @Test
    void onlyAdministratorsReachTheLedgerAndEveryCallIsAudited() {
        Api api = new Api(port);
        String token = admin(api);
        api.post(
                "/api/users",
                token,
                Api.json(Map.of(
                        "username", "nurse-ledger", "password", "a-long-enough-password", "roles", List.of("NURSE"))));
        String nurse = api.login("nurse-ledger", "a-long-enough-password");

        assertThat(api.get("/api/ledger/keys/patient-6", null).status()).isEqualTo(401);
        assertThat(api.send("PUT", "/api/ledger/keys/patient-6", nurse, value("x"))
                        .status())
                .isEqualTo(403);
        api.send("PUT", "/api/ledger/keys/patient-6", token, value("card-6"));

        JsonNode audit = api.get("/api/audit?resource=LEDGER&size=50", token).json();
        assertThat(audit.get("items").findValuesAsString("resourceId")).contains("patient-6");
        assertThat(audit.get("items").findValuesAsString("outcome")).contains("DENIED", "SUCCESS");
    }

    @Test
    void theSeedsGrpcServiceServesAdministratorsAndAuditsEveryCall() {
        Api api = new Api(port);
        String token = admin(api);
        api.post(
                "/api/users",
                token,
                Api.json(Map.of(
                        "username", "nurse-grpc", "password", "a-long-enough-password", "roles", List.of("NURSE"))));
        String nurse = api.login("nurse-grpc", "a-long-enough-password");
        String target = "127.0.0.1:" + grpcPort;

        try (ConsistentStorageClient admin =
                        ConsistentStorageClient.plaintext(target, Optional.of(new BearerToken(token)), TEN_SECONDS);
                ConsistentStorageClient anonymous =
                        ConsistentStorageClient.plaintext(target, Optional.empty(), TEN_SECONDS);
                ConsistentStorageClient asNurse =
                        ConsistentStorageClient.plaintext(target, Optional.of(new BearerToken(nurse)), TEN_SECONDS)) {
            assertThat(admin.put("patient-8", "card-8").getOk()).isTrue();
            assertThat(admin.get("patient-8", true).getOwner()).isEqualTo(TEST.value());
            assertThat(Ledger.await(miriam().put("patient-9", "card-9")).applied())
                    .isTrue();
            assertThat(admin.put("patient-9", "card-9").getOwner())
                    .as("refused in-band, as the seed's clients expect")
                    .isEqualTo(MIRIAM.value());

            assertThatThrownBy(() -> anonymous.get("patient-8", false))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            assertThatThrownBy(() -> asNurse.put("patient-10", "x"))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        }
        assertThat(api.get("/api/ledger/keys/patient-10", token).status()).isEqualTo(404);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode audit =
                    api.get("/api/audit?resource=LEDGER&size=100", token).json();
            assertThat(audit.get("items").findValuesAsString("resourceId")).contains("patient-8", "patient-10");
        });
    }

    @Test
    void theNetworkPageShowsTheHospitalsTheBackendAndAVerificationOnRequest() {
        PageClient pages = new PageClient(port);
        String session = pages.login("admin", NodeTest.ADMIN_PASSWORD);

        PageClient.Page page = pages.get("/admin/network", session);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<strong id=\"ledger-backend\">kafka</strong>", "Miriam Hospital", "Test Hospital")
                .contains("id=\"replica-lag\"");

        PageClient.Page verified = pages.post("/admin/network/verification", session, Map.of());
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.body().strip())
                .startsWith("<section id=\"ledger-verification\"")
                .contains("This node's ledger copy verifies.", "unreachable")
                .doesNotContain("<header");
    }

    @Test
    void badInputIsAProblemAndWritesNothing() {
        Api api = new Api(port);
        String token = admin(api);

        Api.Response noValue = api.send("PUT", "/api/ledger/keys/patient-7", token, "{}");
        Api.Response longKey = api.send("PUT", "/api/ledger/keys/" + "k".repeat(300), token, value("x"));

        assertThat(noValue.status()).isEqualTo(400);
        assertThat(longKey.status()).isEqualTo(400);
        assertThat(api.get("/api/ledger/keys/patient-7", token).status()).isEqualTo(404);
    }
}
