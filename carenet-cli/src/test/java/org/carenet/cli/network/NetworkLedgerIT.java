package org.carenet.cli.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carenet.network.LedgerBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seed's scenario on every backend, through whole embedded networks of three hospitals (ports 8000–8002, 9000–9002,
 * 9100–9102 and 7000 must be free): one hospital registers a patient, the others see it and cannot take it, the owner
 * transfers it, every hospital's verification agrees with the others' checkpoints, and after the whole network is
 * stopped and started again on its data every replica still knows who holds the patient. And the nodes of an
 * embedded network talk to their database through its Unix-domain socket.
 */
class NetworkLedgerIT {

    private static final String PASSWORD = "network-ledger-it-password";
    private static final List<Hospital> HOSPITALS = List.of(
            Hospital.named("Rhode Island Hospital"),
            Hospital.named("Miriam Hospital"),
            Hospital.named("Newport Hospital"));
    private static final String RHODE_ISLAND = "rhode-island-hospital";
    private static final String MIRIAM = "miriam-hospital";
    private static final String NEWPORT = "newport-hospital";

    @TempDir
    Path directory;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> tokens = new HashMap<>();
    private Network network;

    @AfterEach
    void stop() {
        if (network != null) {
            network.close();
        }
        http.close();
    }

    @ParameterizedTest
    @EnumSource(
            value = LedgerBackend.class,
            names = {"KAFKA", "SQL", "RAFT"})
    void hospitalsAgreeOnWhoHoldsAPatientAndStillDoAfterARestart(LedgerBackend backend) throws Exception {
        Path data = directory.resolve(backend.configName());
        network = start(data, backend);
        String key = "patient-" + backend.configName();

        JsonNode registered = call(RHODE_ISLAND, "PUT", "/api/ledger/keys/" + key, "{\"value\":\"card-1\"}", 200);
        assertThat(registered.path("owner").asString()).isEqualTo(RHODE_ISLAND);

        JsonNode seen = call(MIRIAM, "GET", "/api/ledger/keys/" + key + "?sync=true", null, 200);
        assertThat(seen.path("owner").asString()).isEqualTo(RHODE_ISLAND);
        assertThat(seen.path("value").asString()).isEqualTo("card-1");
        assertThat(seen.path("isOwner").asBoolean()).isFalse();

        JsonNode refused = call(NEWPORT, "PUT", "/api/ledger/keys/" + key, "{\"value\":\"card-2\"}", 409);
        assertThat(refused.path("owner").asString()).isEqualTo(RHODE_ISLAND);
        assertThat(call(NEWPORT, "DELETE", "/api/ledger/keys/" + key, null, 403)
                        .path("owner")
                        .asString())
                .isEqualTo(RHODE_ISLAND);

        call(RHODE_ISLAND, "POST", "/api/ledger/keys/" + key + "/transfer", "{\"newOwner\":\"" + MIRIAM + "\"}", 200);
        assertThat(call(NEWPORT, "GET", "/api/ledger/keys/" + key + "?sync=true", null, 200)
                        .path("owner")
                        .asString())
                .isEqualTo(MIRIAM);

        for (Hospital hospital : HOSPITALS) {
            JsonNode verification = call(hospital.id(), "GET", "/api/ledger/verify", null, 200);
            assertThat(verification.path("consistent").asBoolean())
                    .as(hospital.id() + ": " + verification)
                    .isTrue();
            assertThat(verification.path("peers").findValuesAsString("hospital"))
                    .hasSize(2);
            assertThat(verification.path("peers").findValues("agrees"))
                    .as(verification.toString())
                    .allSatisfy(agrees -> assertThat(agrees.asBoolean()).isTrue());
        }

        network.close();
        tokens.clear();
        network = start(data, backend);
        for (Hospital hospital : HOSPITALS) {
            JsonNode after = call(hospital.id(), "GET", "/api/ledger/keys/" + key + "?sync=true", null, 200);
            assertThat(after.path("owner").asString()).as(hospital.id()).isEqualTo(MIRIAM);
        }
        call(MIRIAM, "DELETE", "/api/ledger/keys/" + key, null, 204);
        call(RHODE_ISLAND, "GET", "/api/ledger/keys/" + key + "?sync=true", null, 404);
    }

    @Test
    void everyNodeReachesTheEmbeddedDatabaseThroughItsSocketNotTcp() {
        network = start(directory.resolve("socket"), LedgerBackend.KAFKA);

        for (RunningNode node : network.nodes()) {
            JdbcTemplate jdbc = node.context().getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("select inet_client_addr() is null", Boolean.class))
                    .as(node.toString())
                    .isTrue();
        }
    }

    private static Network start(Path data, LedgerBackend backend) {
        return Network.start(HOSPITALS, data, backend, Map.of(Network.ADMIN_PASSWORD_PROPERTY, PASSWORD));
    }

    private JsonNode call(String hospital, String method, String path, String json, int expectedStatus)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        network.baseUrl(hospital).resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token(hospital))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(method + " " + path + " at " + hospital + ": " + response.body())
                .isEqualTo(expectedStatus);
        return response.body().isEmpty()
                ? JsonMapper.shared().nullNode()
                : JsonMapper.shared().readTree(response.body());
    }

    private String token(String hospital) throws IOException, InterruptedException {
        String known = tokens.get(hospital);
        if (known != null) {
            return known;
        }
        URI login = network.baseUrl(hospital).resolve("/api/auth/login");
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(login)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String token = JsonMapper.shared()
                .readTree(response.body())
                .path("accessToken")
                .asString();
        tokens.put(hospital, token);
        return token;
    }
}
