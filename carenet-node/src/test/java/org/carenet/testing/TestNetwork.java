package org.carenet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.carenet.card.CardFile;
import org.carenet.card.PatientCard;
import org.carenet.card.PatientLogin;
import org.carenet.embedded.EmbeddedKafkaBroker;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Membership;
import org.carenet.ledger.MembershipFile;
import org.carenet.ledger.SigningKey;
import org.carenet.network.NetworkMembership;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts a test node in a network of its own: a membership of this hospital alone, signed by an operator key this
 * class keeps (to issue patient cards), and the ledger on an embedded Kafka broker shared by the tests of this JVM.
 * Use after {@link TestDatabase}, which gives the node its data directory.
 */
@Order(1)
public final class TestNetwork implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final HospitalId HOSPITAL = new HospitalId("test-hospital");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SigningKey OPERATOR = SigningKey.generate(RANDOM);
    private static final byte[] PATIENT_ID_SECRET = new byte[32];
    private static EmbeddedKafkaBroker broker;

    static {
        RANDOM.nextBytes(PATIENT_ID_SECRET);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Path dataDir = Path.of(context.getEnvironment().getRequiredProperty("carenet.node.data-dir"));
        SigningKey own = SigningKey.loadOrCreate(dataDir.resolve(NetworkMembership.LEDGER_KEY_FILE), RANDOM);
        Membership membership = Membership.signed(
                1,
                List.of(new Membership.Member(
                        HOSPITAL,
                        "Test Hospital",
                        "http://127.0.0.1:1",
                        "127.0.0.1:1",
                        own.verifyingKey(),
                        Instant.now())),
                OPERATOR);
        Path file = dataDir.resolve("membership.json");
        MembershipFile.write(membership, file);
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "testNetwork",
                        Map.of(
                                "carenet.node.hospital-id", HOSPITAL.value(),
                                "carenet.network.membership-file", file.toString(),
                                "carenet.network.operator-key",
                                        OPERATOR.verifyingKey().toBase64(),
                                "carenet.ledger.backend", "kafka",
                                "carenet.ledger.kafka.topic", "ledger-" + dataDir.getFileName(),
                                "carenet.ledger.kafka.bootstrap-servers", broker().bootstrapServers())));
    }

    /** A card this network's operator issues. */
    public static PatientCard card(String name, String nationalId) {
        return card(name, nationalId, Instant.now());
    }

    /** A card this network's operator issues at {@code issuedAt}. */
    public static PatientCard card(String name, String nationalId, Instant issuedAt) {
        return PatientCard.issue(OPERATOR, PATIENT_ID_SECRET, name, nationalId, issuedAt, RANDOM);
    }

    /** Logs a patient in with their card, as their client would; returns the access token. */
    public static String patientLogin(Api api, PatientCard card) {
        Api.Response challenge = api.post("/api/patients/challenge", null, null);
        if (challenge.status() != 200) {
            throw new AssertionError("no challenge: " + challenge.status() + " " + challenge.body());
        }
        String value = challenge.json().get("challenge").asString();
        byte[] signature =
                PatientLogin.sign(card, HOSPITAL.value(), Base64.getDecoder().decode(value));
        Api.Response login = api.post(
                "/api/patients/login",
                null,
                Api.json(Map.of(
                        "certificate", CardFile.certificateFields(card.certificate()),
                        "challenge", value,
                        "signature", Base64.getEncoder().encodeToString(signature))));
        if (login.status() != 200) {
            throw new AssertionError("card login failed: " + login.status() + " " + login.body());
        }
        return login.json().get("accessToken").asString();
    }

    private static synchronized EmbeddedKafkaBroker broker() {
        if (broker == null) {
            try {
                broker = EmbeddedKafkaBroker.start(Files.createTempDirectory("carenet-test-network-kafka-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "carenet-test-network-kafka-stop"));
        }
        return broker;
    }
}
