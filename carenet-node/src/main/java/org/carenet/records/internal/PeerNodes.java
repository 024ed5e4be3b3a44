package org.carenet.records.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Membership;
import org.carenet.ledger.RequestSignature;
import org.carenet.network.NetworkMembership;
import org.springframework.stereotype.Component;

/**
 * Requests to other hospitals' nodes, each signed with this hospital's ledger key ({@link RequestSignature}), at the
 * HTTP endpoint the membership lists for them.
 */
@Component
public class PeerNodes {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What a peer answered. */
    public record Answer(int status, byte[] body) {}

    private final NetworkMembership membership;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PeerNodes(NetworkMembership membership, Clock clock) {
        this.membership = membership;
        this.clock = clock;
    }

    /**
     * Posts {@code body} to {@code path} at a member hospital's node.
     *
     * @return empty if the hospital is not a member or cannot be reached
     */
    public Optional<Answer> post(HospitalId to, String path, byte[] body) {
        Optional<Membership.Member> member = membership.current().flatMap(network -> network.member(to));
        if (member.isEmpty()) {
            return Optional.empty();
        }
        RequestSignature signature = RequestSignature.sign(
                membership.ledgerKey(), membership.hospital(), "POST", path, clock.instant(), body);
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(member.get().httpEndpoint()).resolve(path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header(RequestSignature.HOSPITAL, signature.hospital().value())
                .header(RequestSignature.TIMESTAMP, signature.timestampHeader())
                .header(RequestSignature.SIGNATURE, signature.signatureHeader())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return Optional.of(new Answer(response.statusCode(), response.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
