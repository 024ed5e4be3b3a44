package org.carenet.cli.patient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.carenet.card.Affiliation;
import org.carenet.card.Agreements;
import org.carenet.card.CardFile;
import org.carenet.card.Ciphertext;
import org.carenet.card.ConsentGrant;
import org.carenet.card.DataKey;
import org.carenet.card.PatientCard;
import org.carenet.card.PatientLogin;
import org.carenet.card.PhysicianId;
import org.carenet.card.VisitContexts;
import org.carenet.card.WrappedKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A patient's own client of a node, holding the card: it logs in by signing the node's challenge, decrypts the
 * records itself, and signs grants and wraps the records' keys to the physician itself, so that the card's private
 * keys never leave the patient's machine. The command {@code carenet patient} and the end-to-end tests use it.
 */
public final class PatientClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The node refused a request: its status and RFC 9457 problem. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final JsonNode problem;

        Refused(String call, int status, JsonNode problem) {
            super(call + " answered " + status + ": "
                    + (problem.has("detail") ? problem.path("detail").asString() : problem.toString()));
            this.status = status;
            this.problem = problem;
        }

        public int status() {
            return status;
        }

        /** The problem's kind, the last part of its type ({@code urn:carenet:problem:<kind>}). */
        public String kind() {
            String type = problem.path("type").asString("");
            return type.substring(type.lastIndexOf(':') + 1);
        }

        public JsonNode problem() {
            return problem;
        }
    }

    /**
     * A visit as the patient's client opened it.
     *
     * @param content null when it cannot be shown, and then {@code problem} says why: no key of it is held for the
     *     patient, its key was not wrapped by the physician it names (nor by the patient), or it does not open
     */
    public record Visit(
            UUID id,
            String physician,
            String physicianName,
            String hospital,
            Instant time,
            JsonNode content,
            String problem) {}

    private final URI node;
    private final PatientCard card;
    /** The card's key and its agreements: one per physician who wrote or will read, however many visits. */
    private final Agreements agreements;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SecureRandom random = new SecureRandom();
    private String accessToken;
    private String refreshToken;
    private String hospital;

    public PatientClient(URI node, PatientCard card) {
        this.node = node;
        this.card = card;
        this.agreements = new Agreements(card.encryptionKey());
    }

    /** The hospital id the node signs challenges for; known after {@link #login()}. */
    public String hospital() {
        return hospital;
    }

    /**
     * Logs in with the card: asks for a challenge, checks that the hospital it names is the one the network lists at
     * this node's address, and signs it.
     */
    public PatientClient login() {
        JsonNode challenge = call("POST", "/api/patients/challenge", null, false);
        String claimed = challenge.path("hospital").asString();
        checkHospitalAtThisAddress(claimed);
        byte[] signature = PatientLogin.sign(
                card,
                claimed,
                Base64.getDecoder().decode(challenge.path("challenge").asString()));
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("certificate", CardFile.certificateFields(card.certificate()));
        login.put("challenge", challenge.path("challenge").asString());
        login.put("signature", Base64.getEncoder().encodeToString(signature));
        JsonNode tokens = call("POST", "/api/patients/login", login, false);
        accessToken = tokens.path("accessToken").asString();
        refreshToken = tokens.path("refreshToken").asString();
        hospital = claimed;
        return this;
    }

    public String accessToken() {
        return accessToken;
    }

    public JsonNode me() {
        return call("GET", "/api/patients/me", null, true);
    }

    public JsonNode register() {
        return call("POST", "/api/patients/me/registration", null, true);
    }

    public void unregister() {
        call("DELETE", "/api/patients/me/registration", null, true);
    }

    /**
     * The patient's visits at this node, decrypted here with the card. A visit shows only if its key was wrapped by
     * the physician it names — whose key the client takes from the physician's own signed statement in the network
     * directory, not from the node's word — or by the patient: a hospital cannot add visits in a physician's name.
     */
    public List<Visit> records() {
        List<Visit> visits = new ArrayList<>();
        Map<String, Optional<byte[]>> authors = new HashMap<>();
        for (JsonNode visit : call("GET", "/api/patients/me/records", null, true)) {
            UUID id = UUID.fromString(visit.path("id").asString());
            String patient = visit.path("patient").asString();
            String physician = visit.path("physician").asString();
            JsonNode content = null;
            String problem = null;
            JsonNode encrypted = visit.path("encrypted");
            if (!encrypted.isObject()) {
                problem = "no key of this visit is held for you";
            } else {
                WrappedKey wrapped =
                        WrappedKey.fromBase64(encrypted.path("wrappedKey").asString());
                byte[] sender = wrapped.sender();
                boolean byAuthor = authors.computeIfAbsent(physician, this::authorKey)
                        .map(key -> Arrays.equals(key, sender))
                        .orElse(false);
                if (!byAuthor && !Arrays.equals(sender, agreements.publicKey())) {
                    problem = "its key was not wrapped by the physician it names";
                } else {
                    try {
                        DataKey key = DataKey.unwrap(wrapped, agreements, VisitContexts.key(id, patient));
                        byte[] plain = key.decrypt(
                                Ciphertext.fromBase64(encrypted.path("content").asString()),
                                VisitContexts.content(
                                        id,
                                        patient,
                                        physician,
                                        visit.path("hospital").asString(),
                                        Instant.parse(visit.path("time").asString())));
                        content = JSON.readTree(plain);
                    } catch (IllegalArgumentException e) {
                        problem = "it does not open: its key or content was altered";
                    }
                }
            }
            visits.add(new Visit(
                    id,
                    physician,
                    visit.path("physicianName").asString(null),
                    visit.path("hospital").asString(),
                    Instant.parse(visit.path("time").asString()),
                    content,
                    problem));
        }
        return visits;
    }

    /**
     * A physician's encryption key as the physician signed it in an affiliation the directory shows: the identifier
     * must be the signing key's, and the statement verify under it. Empty if no statement holds.
     */
    private Optional<byte[]> authorKey(String physician) {
        JsonNode entry;
        try {
            entry = call("GET", "/api/network/physicians/" + physician, null, false);
        } catch (Refused unknown) {
            return Optional.empty();
        }
        for (JsonNode workplace : entry.path("affiliations")) {
            Optional<Affiliation> statement = Affiliation.parse(
                            workplace.path("statement").asString(""))
                    .filter(found -> found.physician().equals(physician) && found.verifies());
            if (statement.isPresent()) {
                return Optional.of(statement.get().encryptionKeyBytes());
            }
        }
        return Optional.empty();
    }

    /**
     * Grants a physician access until {@code expiresAt}: signs the grant with the card and wraps every visit's data
     * key to the physician's public key (from the physician's signed statement in the network directory, checked
     * here), so that they can read what was written before.
     */
    public JsonNode grant(PhysicianId physician, ConsentGrant.Scope scope, Instant expiresAt) {
        // the physician's key from their own signed statement: a node that showed its own key would get the records
        byte[] physicianKey = authorKey(physician.value())
                .orElseThrow(() -> new IllegalStateException(
                        "no signed affiliation of physician " + physician + " checks out in the network directory"));
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        ConsentGrant grant = ConsentGrant.sign(card, UUID.randomUUID(), physician, scope, now, expiresAt);
        Map<String, String> keys = new LinkedHashMap<>();
        for (JsonNode visit : call("GET", "/api/patients/me/records", null, true)) {
            JsonNode encrypted = visit.path("encrypted");
            if (!encrypted.isObject()) {
                continue;
            }
            UUID id = UUID.fromString(visit.path("id").asString());
            byte[] context = VisitContexts.key(id, visit.path("patient").asString());
            DataKey key = DataKey.unwrap(
                    WrappedKey.fromBase64(encrypted.path("wrappedKey").asString()), agreements, context);
            keys.put(
                    id.toString(),
                    key.wrapFrom(agreements, physicianKey, context, random).toBase64());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", grant.id().toString());
        body.put("physician", physician.value());
        body.put("scope", scope.name());
        body.put("issuedAt", grant.issuedAt().toString());
        body.put("expiresAt", grant.expiresAt().toString());
        body.put("signature", Base64.getEncoder().encodeToString(grant.signature()));
        body.put("keys", keys);
        return call("POST", "/api/patients/me/grants", body, true);
    }

    public void revoke(UUID grant) {
        call("DELETE", "/api/patients/me/grants/" + grant, null, true);
    }

    public JsonNode grants() {
        return call("GET", "/api/patients/me/grants", null, true);
    }

    public JsonNode accessLog() {
        return call("GET", "/api/patients/me/access-log", null, true);
    }

    public JsonNode transfer(String hospital) {
        return call("POST", "/api/patients/me/transfers", Map.of("hospital", hospital), true);
    }

    public JsonNode transfers() {
        return call("GET", "/api/patients/me/transfers", null, true);
    }

    /** Ends the session at the node. */
    public void logout() {
        if (refreshToken != null) {
            call("POST", "/api/auth/logout", Map.of("refreshToken", refreshToken), false);
            accessToken = null;
            refreshToken = null;
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private void checkHospitalAtThisAddress(String claimed) {
        JsonNode hospitals = call("GET", "/api/network/hospitals", null, false);
        if (!card.certificate()
                .network()
                .toBase64()
                .equals(hospitals.path("operatorKey").asString())) {
            throw new IllegalStateException("the node at " + node + " belongs to another network than the card");
        }
        for (JsonNode listed : hospitals.path("hospitals")) {
            if (listed.path("id").asString().equals(claimed)) {
                URI listedAt = URI.create(listed.path("httpEndpoint").asString());
                if (sameAuthority(listedAt, node)) {
                    return;
                }
                throw new IllegalStateException("the node at " + node + " says it is " + claimed
                        + ", which the network lists at " + listedAt + ": not logging in there");
            }
        }
        throw new IllegalStateException(
                "the node at " + node + " says it is " + claimed + ", which is not a hospital of its network");
    }

    private static boolean sameAuthority(URI a, URI b) {
        return port(a) == port(b) && loopbackOrSame(a.getHost(), b.getHost());
    }

    private static boolean loopbackOrSame(String a, String b) {
        return a.equalsIgnoreCase(b) || (isLoopback(a) && isLoopback(b));
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    private JsonNode call(String method, String path, Object body, boolean authenticated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authenticated) {
            if (accessToken == null) {
                throw new IllegalStateException("log in first");
            }
            request.header("Authorization", "Bearer " + accessToken);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + node + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        JsonNode answer = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() >= 400) {
            throw new Refused(method + " " + path, response.statusCode(), answer);
        }
        return answer;
    }
}
