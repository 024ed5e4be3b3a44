package org.carenet.network.internal;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import org.carenet.access.AccessGate;
import org.carenet.ledger.grpc.LedgerGrpcServer;
import org.carenet.network.LedgerProperties;
import org.carenet.network.NetworkLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The seed's gRPC {@code ConsistentStorage} service over this node's ledger, on {@code carenet.ledger.grpc-port}
 * (hospital <i>i</i> of a network on 9000 + <i>i</i>), for tools such as the seed's load tester. Callers
 * authenticate with an access token like the REST API's, and the same permissions and audit apply.
 */
@Component
class LedgerGrpcEndpoint {

    private static final Logger log = LoggerFactory.getLogger(LedgerGrpcEndpoint.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final LedgerGrpcServer server;

    LedgerGrpcEndpoint(NetworkLedger network, LedgerProperties properties, AccessGate gate) {
        if (properties.grpcPort() <= 0 || network.ledger().isEmpty()) {
            this.server = null;
            return;
        }
        this.server = LedgerGrpcServer.start(
                new LedgerGrpcServer.Settings("0.0.0.0", properties.grpcPort(), SHUTDOWN_GRACE),
                network.ledger().get(),
                List.of(new GrpcCallers(gate)));
        log.info("ConsistentStorage gRPC service on port {}", server.port());
    }

    @PreDestroy
    void close() {
        if (server != null) {
            server.close();
        }
    }
}
