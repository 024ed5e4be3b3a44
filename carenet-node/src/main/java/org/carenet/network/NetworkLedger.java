package org.carenet.network;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.carenet.ledger.JdbcReplicaStore;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.LedgerLog;
import org.carenet.ledger.LedgerUnavailableException;
import org.carenet.ledger.Membership;
import org.carenet.ledger.Replica;
import org.carenet.ledger.Verification;
import org.carenet.network.internal.LedgerLogs;
import org.carenet.network.internal.PeerCheckpoints;
import org.carenet.platform.NodeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * This hospital's view of the network ledger: its replica, kept in the node's PostgreSQL ({@code ledger} schema),
 * fed by the configured backend, and its writes signed with the node's ledger key. A node outside a network, or
 * configured with backend {@code none}, has none.
 */
@Component
public class NetworkLedger {

    private static final Logger log = LoggerFactory.getLogger(NetworkLedger.class);

    private final Ledger ledger;
    private final NetworkMembership membership;
    private final PeerCheckpoints peers;
    private final int partitions;
    private final AtomicReference<LedgerVerification> lastVerification = new AtomicReference<>();

    NetworkLedger(
            NetworkMembership membership,
            LedgerProperties properties,
            NodeProperties node,
            DataSource dataSource,
            Clock clock,
            PeerCheckpoints peers) {
        this.peers = peers;
        this.membership = membership;
        LedgerBackend backend = properties.ledgerBackend();
        Optional<Membership> network = membership.current();
        if (backend == LedgerBackend.NONE || network.isEmpty()) {
            if (backend != LedgerBackend.NONE) {
                throw new IllegalStateException("carenet.ledger.backend is " + backend.configName()
                        + " but this node is not in a network (carenet.network.membership-file)");
            }
            this.ledger = null;
            this.partitions = 0;
            return;
        }
        this.partitions = LedgerLogs.partitions(backend, properties);
        Replica replica = new Replica(
                membership.hospital(),
                network.get(),
                new JdbcReplicaStore(dataSource, JdbcReplicaStore.DEFAULT_SCHEMA),
                partitions,
                clock);
        LedgerLog ledgerLog = LedgerLogs.open(backend, properties, membership, node, replica);
        this.ledger = new Ledger(membership.ledgerKey(), ledgerLog, replica, clock, properties.timeout()).start();
        log.info(
                "network ledger on {} with {} partitions, replica at {}",
                backend.configName(),
                partitions,
                replica.heads());
    }

    public Optional<Ledger> ledger() {
        return Optional.ofNullable(ledger);
    }

    /** The ledger, or the problem that there is none. */
    public Ledger require() {
        return ledger().orElseThrow(NoLedger::new);
    }

    /**
     * Verifies the local history, then compares it with every other hospital's signed checkpoint. A hospital that
     * cannot be reached is reported, not counted as disagreeing.
     */
    public LedgerVerification verify() {
        Ledger current = require();
        Verification local = current.verify();
        List<LedgerVerification.PeerCheck> checks = new ArrayList<>();
        for (Membership.Member member : current.membership().members()) {
            if (!member.id().equals(current.hospital())) {
                checks.add(peers.check(current, member));
            }
        }
        boolean agreed = checks.stream().allMatch(check -> !check.reachable() || check.agrees());
        LedgerVerification verification = new LedgerVerification(
                local.consistent() && agreed, local.entries(), local.problem(), local.at(), checks);
        lastVerification.set(verification);
        if (!verification.consistent()) {
            log.error("the network ledger did not verify: {}", verification);
        }
        return verification;
    }

    public Optional<LedgerVerification> lastVerification() {
        return Optional.ofNullable(lastVerification.get());
    }

    /** The network and this replica's place in it, for the operator's page. */
    public NetworkOverview overview() {
        List<NetworkOverview.Hospital> hospitals = membership.current().stream()
                .flatMap(current -> current.members().stream())
                .map(member -> new NetworkOverview.Hospital(
                        member.id().value(),
                        member.name(),
                        member.httpEndpoint(),
                        member.grpcEndpoint(),
                        member.joined()))
                .toList();
        if (ledger == null) {
            return new NetworkOverview(
                    membership.hospital().value(), LedgerBackend.NONE.configName(), hospitals, 0, 0, null, null);
        }
        long lag;
        String lagProblem = null;
        try {
            lag = ledger.status().lag();
        } catch (LedgerUnavailableException | IllegalStateException e) {
            lag = -1;
            lagProblem = e.getMessage();
        }
        return new NetworkOverview(
                membership.hospital().value(),
                ledger.backend(),
                hospitals,
                partitions,
                lag,
                lagProblem,
                lastVerification.get());
    }

    @PreDestroy
    void close() {
        if (ledger != null) {
            ledger.close();
        }
    }
}
