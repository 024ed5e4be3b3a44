package org.carenet.network.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.LedgerLog;
import org.carenet.ledger.Replica;
import org.carenet.ledger.kafka.KafkaLedgerLog;
import org.carenet.ledger.kafka.KafkaLedgerSettings;
import org.carenet.ledger.raft.RaftLedgerLog;
import org.carenet.ledger.raft.RaftLedgerSettings;
import org.carenet.ledger.sql.SqlLedgerLog;
import org.carenet.ledger.sql.SqlLedgerSettings;
import org.carenet.network.LedgerBackend;
import org.carenet.network.LedgerProperties;
import org.carenet.network.NetworkMembership;
import org.carenet.platform.NodeProperties;

/** Opens the configured backend's log for this node. */
public final class LedgerLogs {

    private LedgerLogs() {}

    /** Raft orders one log; the others partition by key. */
    public static int partitions(LedgerBackend backend, LedgerProperties properties) {
        return backend == LedgerBackend.RAFT ? 1 : properties.partitions();
    }

    public static LedgerLog open(
            LedgerBackend backend,
            LedgerProperties properties,
            NetworkMembership membership,
            NodeProperties node,
            Replica replica) {
        return switch (backend) {
            case KAFKA -> kafka(properties, membership);
            case SQL -> sql(properties, membership);
            case RAFT -> raft(properties, membership, node);
            case NONE -> throw new IllegalArgumentException("backend none has no log");
        };
    }

    private static LedgerLog kafka(LedgerProperties properties, NetworkMembership membership) {
        LedgerProperties.Kafka kafka = properties.kafka();
        if (kafka.bootstrapServers() == null || kafka.bootstrapServers().isBlank()) {
            throw new IllegalStateException(
                    "carenet.ledger.kafka.bootstrap-servers (CARENET_KAFKA_BOOTSTRAP_SERVERS) is needed for the kafka"
                            + " backend");
        }
        return KafkaLedgerLog.open(KafkaLedgerSettings.of(kafka.bootstrapServers(), membership.hospital())
                .withTopic(kafka.topic())
                .withPartitions(properties.partitions())
                .withReplicationFactor(kafka.replicationFactor())
                .withTimeout(properties.timeout()));
    }

    private static LedgerLog sql(LedgerProperties properties, NetworkMembership membership) {
        if (properties.sql().centralUrl() == null) {
            throw new IllegalStateException(
                    "carenet.ledger.sql.central-url (CARENET_CENTRAL_URL) is needed for the sql backend");
        }
        return new SqlLedgerLog(new SqlLedgerSettings(
                properties.sql().centralUrl(), membership.hospital(), membership.ledgerKey(), properties.partitions()));
    }

    /**
     * Every hospital of the network is a Raft peer. The group is named after the network's operator key, which all
     * of them share and no other network has.
     */
    private static LedgerLog raft(LedgerProperties properties, NetworkMembership membership, NodeProperties node) {
        LedgerProperties.Raft raft = properties.raft();
        if (raft.peers().isEmpty()) {
            throw new IllegalStateException(
                    "carenet.ledger.raft.peers.<hospital-id>=host:port (one per hospital, this one included) are"
                            + " needed for the raft backend");
        }
        Map<HospitalId, String> peers = new LinkedHashMap<>();
        raft.peers().forEach((hospital, address) -> peers.put(new HospitalId(hospital), address));
        Path storage =
                raft.storageDir() != null ? raft.storageDir() : node.dataDir().resolve("raft");
        String network = membership
                .current()
                .orElseThrow(() -> new IllegalStateException("the raft backend needs the network's membership"))
                .operatorKey()
                .toBase64();
        return new RaftLedgerLog(RaftLedgerSettings.of(network, membership.hospital(), peers, storage)
                .withTimeout(properties.timeout()));
    }
}
