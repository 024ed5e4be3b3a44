package org.carenet.ledger.raft;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.TimeDuration;

/** The Ratis configuration of a hospital's peer and client, from its {@link RaftLedgerSettings}. */
final class RatisProperties {

    /** Enough for every write a busy hospital has in flight; past it, an append blocks its caller. */
    private static final int OUTSTANDING_REQUESTS = 4_096;

    private static final Duration RETRY_SLEEP = Duration.ofMillis(100);

    private RatisProperties() {}

    static RaftProperties server(RaftLedgerSettings settings) {
        RaftProperties properties = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(
                properties, List.of(settings.storage().toFile()));
        GrpcConfigKeys.Server.setHost(properties, settings.address().getHostString());
        GrpcConfigKeys.Server.setPort(properties, settings.address().getPort());
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, duration(settings.electionTimeout()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(
                properties, duration(settings.electionTimeout().multipliedBy(2)));
        // a read of the log's end must reflect every write committed before it, wherever it was sent
        RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setTimeout(properties, duration(settings.timeout()));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, settings.snapshotEvery());
        // a snapshot is one index: taking one at stop buys nothing and would wait on a replica that may be stuck
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(properties, false);
        // the replica lives in PostgreSQL, so a snapshot cannot bring a follower up to date: keep the log instead
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(properties, false);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, false);
        return properties;
    }

    static RaftProperties client(RaftLedgerSettings settings) {
        RaftProperties properties = new RaftProperties();
        RaftClientConfigKeys.Async.setOutstandingRequestsMax(properties, OUTSTANDING_REQUESTS);
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, duration(settings.timeout()));
        return properties;
    }

    /**
     * Retries through elections and leader changes for about the settings' timeout, then gives up, so that a write
     * without a quorum does not stay in flight forever behind the caller's own timeout.
     */
    static RetryPolicy retryPolicy(RaftLedgerSettings settings) {
        int attempts = (int) Math.max(1, settings.timeout().dividedBy(RETRY_SLEEP));
        return RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts, duration(RETRY_SLEEP));
    }

    private static TimeDuration duration(Duration duration) {
        return TimeDuration.valueOf(duration.toMillis(), TimeUnit.MILLISECONDS);
    }
}
