package org.carenet.cli.patient;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carenet.card.PatientCard;
import org.carenet.cli.network.Hospital;
import org.carenet.cli.network.Network;
import org.carenet.cli.network.NetworkIdentity;
import org.carenet.network.LedgerBackend;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A three-hospital embedded network for patients' journeys, with what its tests need: cards issued by the network's
 * operator, patients' clients, administrators' and physicians' tokens, and plain JSON calls.
 */
final class NetworkFixture implements AutoCloseable {

    static final String RHODE_ISLAND = "rhode-island-hospital";
    static final String MIRIAM = "miriam-hospital";
    static final String NEWPORT = "newport-hospital";
    static final String ADMIN_PASSWORD = "patient-journey-admin-password";
    static final List<Hospital> HOSPITALS = List.of(
            Hospital.named("Rhode Island Hospital"),
            Hospital.named("Miriam Hospital"),
            Hospital.named("Newport Hospital"));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final Network network;
    final Path data;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> adminTokens = new HashMap<>();
    private final SecureRandom random = new SecureRandom();

    private NetworkFixture(Network network, Path data) {
        this.network = network;
        this.data = data;
    }

    static NetworkFixture start(Path data, LedgerBackend backend, Map<String, ?> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("carenet.access.initial-admin-password", ADMIN_PASSWORD);
        return new NetworkFixture(Network.start(HOSPITALS, data, backend, all), data);
    }

    /** A card the network's operator issues for a new patient. */
    PatientCard card(String name, String nationalId) {
        return PatientCard.issue(
                NetworkIdentity.operatorKey(data),
                NetworkIdentity.patientIdSecret(data),
                name,
                nationalId,
                Instant.now(),
                random);
    }

    /** The patient's client at a hospital, logged in with the card. */
    PatientClient patientAt(String hospital, PatientCard card) {
        return new PatientClient(network.baseUrl(hospital), card).login();
    }

    URI url(String hospital) {
        return network.baseUrl(hospital);
    }

    String admin(String hospital) {
        return adminTokens.computeIfAbsent(hospital, id -> login(id, "admin", ADMIN_PASSWORD));
    }

    String login(String hospital, String username, String password) {
        JsonNode tokens = call(
                hospital, "POST", "/api/auth/login", null, Map.of("username", username, "password", password), 200);
        return tokens.path("accessToken").asString();
    }

    /** A JSON document as a tree, to send inside another. */
    JsonNode json(String document) {
        return JSON.readTree(document);
    }

    /**
     * The same access token, expired a minute ago: signed with the node's own token key (in its data directory),
     * as the node would have signed it.
     */
    String expired(String hospital, String accessToken) {
        try {
            byte[] key = Base64.getDecoder()
                    .decode(Files.readString(data.resolve(hospital).resolve("keys/token-signing.key"))
                            .strip());
            JWTClaimsSet claims = SignedJWT.parse(accessToken).getJWTClaimsSet();
            JWTClaimsSet expired = new JWTClaimsSet.Builder(claims)
                    .issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(20))))
                    .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(1))))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), expired);
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (IOException | ParseException | JOSEException e) {
            throw new AssertionError(e);
        }
    }

    /** Creates a physician at a hospital (as its admin) and answers their physician record. */
    JsonNode physician(String hospital, String username, String password, String name) {
        return call(
                hospital,
                "POST",
                "/api/physicians",
                admin(hospital),
                Map.of("username", username, "password", password, "name", name),
                201);
    }

    JsonNode call(String hospital, String method, String path, String token, Object body, int expectedStatus) {
        Answer answer = send(hospital, method, path, token, body);
        assertThat(answer.status())
                .as(method + " " + path + " at " + hospital + ": " + answer.body())
                .isEqualTo(expectedStatus);
        return answer.json();
    }

    record Answer(int status, String body) {
        JsonNode json() {
            return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        }
    }

    Answer send(String hospital, String method, String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(hospital).resolve(path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError("cannot reach " + hospital + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        network.close();
        http.close();
    }
}
