package org.carenet.network.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.Membership;
import org.carenet.network.CheckpointDocument;
import org.carenet.network.LedgerVerification.PeerCheck;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Fetches another hospital's signed checkpoint from its node and compares it with this replica's history. */
@Component
public class PeerCheckpoints {

    static final String PATH = "/api/ledger/checkpoint";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final JsonMapper json;

    PeerCheckpoints(JsonMapper json) {
        this.json = json;
    }

    public PeerCheck check(Ledger ledger, Membership.Member peer) {
        String hospital = peer.id().value();
        CheckpointDocument document;
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(URI.create(peer.httpEndpoint() + PATH))
                            .timeout(TIMEOUT)
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return new PeerCheck(hospital, false, false, "its node answered HTTP " + response.statusCode());
            }
            document = json.readValue(response.body(), CheckpointDocument.class);
        } catch (IOException | JacksonException e) {
            return new PeerCheck(hospital, false, false, "its node could not be asked: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PeerCheck(hospital, false, false, "interrupted");
        }
        if (!hospital.equals(document.hospital())) {
            return new PeerCheck(hospital, true, false, "its node sent " + document.hospital() + "'s checkpoint");
        }
        Optional<String> problem;
        try {
            problem = ledger.check(document.checkpoint());
        } catch (IllegalArgumentException e) {
            return new PeerCheck(hospital, true, false, "its checkpoint is malformed: " + e.getMessage());
        }
        return new PeerCheck(hospital, true, problem.isEmpty(), problem.orElse(null));
    }
}
