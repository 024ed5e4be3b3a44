package org.carenet.ledger.raft;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.carenet.ledger.HospitalId;

/**
 * How a hospital takes part in the network's Raft group.
 *
 * @param network the network's name; every hospital of a network configures the same one, and the Raft group's id is
 *     derived from it, so that peers of another network (or a test's) are never mistaken for ours
 * @param self this hospital; its Raft peer id is its hospital id
 * @param peers every member of the network, this hospital included: hospital id to the {@code host:port} of its Raft
 *     endpoint. A write commits once a majority of them keeps it
 * @param storage where this hospital's Raft log and snapshots live, e.g. a folder of the node's data directory
 * @param timeout how long an append may wait to be committed, and a read of the log's end to be answered, before
 *     the ledger is reported unavailable (no quorum)
 * @param electionTimeout how long a follower waits without hearing from the leader before it calls an election (Raft
 *     randomises it between this and twice this)
 * @param snapshotEvery how many log entries go between two snapshots. A snapshot only records the index the replica
 *     reached (the replica itself is in PostgreSQL); it lets a restart skip the log before it and the log be purged
 */
public record RaftLedgerSettings(
        String network,
        HospitalId self,
        Map<HospitalId, String> peers,
        Path storage,
        Duration timeout,
        Duration electionTimeout,
        long snapshotEvery) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_ELECTION_TIMEOUT = Duration.ofMillis(500);
    public static final long DEFAULT_SNAPSHOT_EVERY = 100_000;

    private static final Pattern ENDPOINT = Pattern.compile("(.+):(\\d{1,5})");

    public RaftLedgerSettings {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(storage, "storage");
        if (network == null || network.isBlank()) {
            throw new IllegalArgumentException("the network's name is missing");
        }
        peers = Map.copyOf(peers);
        if (!peers.containsKey(self)) {
            throw new IllegalArgumentException(self + " is not among the Raft peers " + peers.keySet());
        }
        peers.forEach(RaftLedgerSettings::address);
        if (timeout.isNegative() || timeout.isZero() || electionTimeout.isNegative() || electionTimeout.isZero()) {
            throw new IllegalArgumentException("the timeouts are positive");
        }
        if (timeout.compareTo(electionTimeout.multipliedBy(2)) <= 0) {
            throw new IllegalArgumentException("the timeout (" + timeout + ") must leave room for an election ("
                    + electionTimeout + " to twice that)");
        }
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshots are taken every 1 or more entries, not " + snapshotEvery);
        }
    }

    /** The defaults: {@link #DEFAULT_TIMEOUT}, {@link #DEFAULT_ELECTION_TIMEOUT}, {@link #DEFAULT_SNAPSHOT_EVERY}. */
    public static RaftLedgerSettings of(String network, HospitalId self, Map<HospitalId, String> peers, Path storage) {
        return new RaftLedgerSettings(
                network, self, peers, storage, DEFAULT_TIMEOUT, DEFAULT_ELECTION_TIMEOUT, DEFAULT_SNAPSHOT_EVERY);
    }

    public RaftLedgerSettings withTimeout(Duration otherTimeout) {
        return new RaftLedgerSettings(network, self, peers, storage, otherTimeout, electionTimeout, snapshotEvery);
    }

    public RaftLedgerSettings withSnapshotEvery(long otherSnapshotEvery) {
        return new RaftLedgerSettings(network, self, peers, storage, timeout, electionTimeout, otherSnapshotEvery);
    }

    /** Where this hospital's Raft endpoint listens. */
    public InetSocketAddress address() {
        return address(self, peers.get(self));
    }

    /** The network's Raft group: the same id and peers at every hospital. */
    RaftGroup group() {
        UUID id = UUID.nameUUIDFromBytes(("carenet-ledger-raft/" + network).getBytes(StandardCharsets.UTF_8));
        return RaftGroup.valueOf(
                RaftGroupId.valueOf(id),
                peers.entrySet().stream()
                        .map(peer -> RaftPeer.newBuilder()
                                .setId(peerId(peer.getKey()))
                                .setAddress(peer.getValue())
                                .build())
                        .toList());
    }

    static RaftPeerId peerId(HospitalId hospital) {
        return RaftPeerId.valueOf(hospital.value());
    }

    private static InetSocketAddress address(HospitalId hospital, String endpoint) {
        Matcher matcher = endpoint == null ? null : ENDPOINT.matcher(endpoint);
        if (matcher == null || !matcher.matches() || Integer.parseInt(matcher.group(2)) > 65535) {
            throw new IllegalArgumentException("the Raft endpoint of " + hospital + " is not host:port: " + endpoint);
        }
        return InetSocketAddress.createUnresolved(matcher.group(1), Integer.parseInt(matcher.group(2)));
    }
}
