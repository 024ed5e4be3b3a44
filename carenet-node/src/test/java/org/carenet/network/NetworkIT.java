package org.carenet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Membership;
import org.carenet.ledger.MembershipFile;
import org.carenet.ledger.SigningKey;
import org.carenet.testing.Api;
import org.carenet.testing.NodeTest;
import org.carenet.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/** A node started in a network lists the network's hospitals, with the keys the operator signed for. */
@NodeTest
@ContextConfiguration(initializers = {TestDatabase.class, NetworkIT.InANetwork.class})
class NetworkIT {

    @LocalServerPort
    int port;

    /** Makes this node's ledger key and a membership of it and one other hospital, signed by a new operator. */
    @Order(1)
    static final class InANetwork implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Path dataDir = Path.of(context.getEnvironment().getRequiredProperty("carenet.node.data-dir"));
            SecureRandom random = new SecureRandom();
            SigningKey own = SigningKey.loadOrCreate(dataDir.resolve(NetworkMembership.LEDGER_KEY_FILE), random);
            SigningKey other = SigningKey.generate(random);
            SigningKey operator = SigningKey.generate(random);
            Instant joined = Instant.parse("2026-11-23T10:00:00Z");
            Membership membership = Membership.signed(
                    1,
                    List.of(
                            new Membership.Member(
                                    new HospitalId("test-hospital"),
                                    "Test Hospital",
                                    "http://127.0.0.1:8000",
                                    "127.0.0.1:9000",
                                    own.verifyingKey(),
                                    joined),
                            new Membership.Member(
                                    new HospitalId("miriam-hospital"),
                                    "Miriam Hospital",
                                    "http://127.0.0.1:8001",
                                    "127.0.0.1:9001",
                                    other.verifyingKey(),
                                    joined)),
                    operator);
            Path file = dataDir.resolve("membership.json");
            MembershipFile.write(membership, file);
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "testNetwork",
                            Map.of(
                                    "carenet.network.membership-file", file.toString(),
                                    "carenet.network.operator-key",
                                            operator.verifyingKey().toBase64())));
        }
    }

    @Test
    void theHospitalsOfTheNetworkAreListedWithTheirPublicKeysWithoutASession() {
        Api.Response response = new Api(port).get("/api/network/hospitals", null);

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(body.get("hospitals").findValuesAsString("id")).containsExactly("miriam-hospital", "test-hospital");
        assertThat(body.get("hospitals").get(1).get("publicKey").asString()).hasSize(44);
        assertThat(body.get("hospitals").get(1).get("httpEndpoint").asString()).isEqualTo("http://127.0.0.1:8000");
    }
}
