package org.carenet.network.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.carenet.access.PublicEndpoint;
import org.carenet.ledger.Membership;
import org.carenet.network.NetworkMembership;
import org.carenet.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Network", description = "The hospitals of the network")
@RestController
class NetworkController {

    private final NetworkMembership membership;

    NetworkController(NetworkMembership membership) {
        this.membership = membership;
    }

    record Hospital(
            String id, String name, String httpEndpoint, String grpcEndpoint, String publicKey, Instant joined) {}

    record Hospitals(long version, String operatorKey, List<Hospital> hospitals) {}

    @Operation(
            summary = "The hospitals of the network, with their public keys",
            description = "The operator-signed membership this node checked at start (the seed's list_hospitals).")
    @PublicEndpoint("the membership is public: hospitals, patients and tools find each other and their keys here")
    @GetMapping("/api/network/hospitals")
    Hospitals hospitals() {
        Membership current = membership.current().orElseThrow(NotInANetwork::new);
        return new Hospitals(
                current.version(),
                current.operatorKey().toBase64(),
                current.members().stream()
                        .map(member -> new Hospital(
                                member.id().value(),
                                member.name(),
                                member.httpEndpoint(),
                                member.grpcEndpoint(),
                                member.key().toBase64(),
                                member.joined()))
                        .toList());
    }

    static final class NotInANetwork extends ProblemException {
        NotInANetwork() {
            super(
                    HttpStatus.NOT_FOUND,
                    "not-in-a-network",
                    "This node was started without a network membership (carenet.network.membership-file)");
        }
    }
}
