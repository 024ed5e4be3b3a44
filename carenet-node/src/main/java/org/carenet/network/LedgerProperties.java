package org.carenet.network;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The network ledger of this node.
 *
 * @param backend {@code none}, {@code kafka}, {@code sql} or {@code raft} (or the seed's {@code sagas},
 *     {@code centraldb}, {@code bigchain})
 * @param partitions how many ordering partitions (the seed's SAGAS_NUM_PARTITIONS); the same at every hospital, and
 *     fixed for the life of the network
 * @param timeout how long a write waits for its outcome, and a synced read for the replica to catch up
 * @param grpcPort the port of the ConsistentStorage gRPC service; 0 for none
 */
@ConfigurationProperties("carenet.ledger")
public record LedgerProperties(
        @DefaultValue("none") String backend,
        @DefaultValue("16") int partitions,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("0") int grpcPort,
        @DefaultValue Kafka kafka,
        @DefaultValue Sql sql,
        @DefaultValue Raft raft) {

    public LedgerProperties {
        if (partitions < 1) {
            throw new IllegalArgumentException("carenet.ledger.partitions is at least 1");
        }
    }

    /** @param bootstrapServers the brokers, {@code host:port,...} */
    public record Kafka(
            String bootstrapServers,
            @DefaultValue("carenet.ledger") String topic,
            @DefaultValue("1") short replicationFactor) {}

    /** @param centralUrl the central ledger server, e.g. {@code http://central.example:7000} */
    public record Sql(URI centralUrl) {}

    /**
     * @param peers every hospital's Raft address, {@code host:port}, by hospital id (this node's included)
     * @param storageDir where this node keeps its Raft log; default {@code <data dir>/raft}
     */
    public record Raft(Map<String, String> peers, Path storageDir) {

        public Raft {
            peers = peers == null ? Map.of() : Map.copyOf(peers);
        }
    }

    public LedgerBackend ledgerBackend() {
        return LedgerBackend.named(backend);
    }
}
