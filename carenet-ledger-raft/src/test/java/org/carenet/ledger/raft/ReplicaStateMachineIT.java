package org.carenet.ledger.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carenet.ledger.raft.NetworkFixture.NEWPORT;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import org.apache.ratis.server.protocol.TermIndex;
import org.carenet.embedded.TestDatabases;
import org.carenet.ledger.JdbcReplicaStore;
import org.carenet.ledger.Replica;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a hospital's Raft state machine answers a leader that asks it to install a snapshot. */
class ReplicaStateMachineIT {

    private final HikariDataSource dataSource = new HikariDataSource();
    private final ReplicaStateMachine machine;

    ReplicaStateMachineIT() {
        dataSource.setJdbcUrl(TestDatabases.create());
        dataSource.setUsername(TestDatabases.username());
        dataSource.setPassword(TestDatabases.password());
        machine = new ReplicaStateMachine(new Replica(
                NEWPORT,
                new NetworkFixture().membership,
                new JdbcReplicaStore(dataSource, "ledger_newport"),
                1,
                Clock.systemUTC()));
    }

    @AfterEach
    void closeTheDatabase() {
        dataSource.close();
    }

    @Test
    void aLeaderWhoseLogStillReachesThisReplicaIsToldThereIsNoSnapshotToInstall() {
        // as a new leader does once for a follower it does not count as caught up yet. No snapshot (null) lets it go
        // on with the log; a term and index would have Ratis reload this state machine as if it had installed one.
        assertThat(machine.notifyInstallSnapshotFromLeader(null, TermIndex.valueOf(1, 0)))
                .succeedsWithin(Duration.ofSeconds(5))
                .isNull();
    }

    @Test
    void aLeaderWhoseLogStartsAfterThisReplicaCannotBeFollowed() {
        assertThat(machine.notifyInstallSnapshotFromLeader(null, TermIndex.valueOf(1, 5)))
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableThat()
                .withMessageContaining("the leader's log starts at");
    }
}
