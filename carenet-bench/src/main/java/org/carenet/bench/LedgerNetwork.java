package org.carenet.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.carenet.embedded.EmbeddedDatabaseServer;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.JdbcReplicaStore;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.LedgerLog;
import org.carenet.ledger.Membership;
import org.carenet.ledger.Replica;
import org.carenet.ledger.SigningKey;

/**
 * {@code n} hospitals sharing one ledger on one backend, in this JVM: each hospital its own signing key, its own
 * replica (a schema of one PostgreSQL database) and its own client of the backend, exactly as its node would have.
 */
final class LedgerNetwork implements AutoCloseable {

    /** One hospital's part: its id and key, and where its replica lives. */
    record Member(int index, HospitalId id, SigningKey key, String schema) {}

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final List<Member> members;
    private final Membership membership;
    private final HikariDataSource dataSource;
    private final List<Ledger> ledgers = new ArrayList<>();
    private final List<AutoCloseable> infrastructure = new ArrayList<>();

    private LedgerNetwork(List<Member> members, Membership membership, HikariDataSource dataSource) {
        this.members = members;
        this.membership = membership;
        this.dataSource = dataSource;
    }

    /** The hospitals and their signed membership, with a fresh database for their replicas; no ledger yet. */
    static LedgerNetwork prepare(int hospitals, EmbeddedDatabaseServer postgres, String database) {
        SecureRandom random = new SecureRandom();
        SigningKey operator = SigningKey.generate(random);
        List<Member> members = new ArrayList<>();
        List<Membership.Member> listed = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < hospitals; i++) {
            HospitalId id = new HospitalId("bench-hospital-" + (i + 1));
            SigningKey key = SigningKey.generate(random);
            members.add(new Member(i, id, key, "ledger_" + (i + 1)));
            listed.add(new Membership.Member(
                    id, "Bench Hospital " + (i + 1), "http://127.0.0.1:1", "127.0.0.1:1", key.verifyingKey(), now));
        }
        postgres.createDatabaseIfMissing(database);
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.jdbcUrl(database));
        dataSource.setUsername(postgres.username());
        dataSource.setPassword(postgres.password());
        dataSource.setMaximumPoolSize(Math.max(4, 2 * hospitals + 4));
        return new LedgerNetwork(List.copyOf(members), Membership.signed(1, listed, operator), dataSource);
    }

    List<Member> members() {
        return members;
    }

    Membership membership() {
        return membership;
    }

    /** Keeps something the backend needs (a server, a broker) until the network closes, after the ledgers. */
    void own(AutoCloseable part) {
        infrastructure.add(part);
    }

    /** Starts every hospital's ledger, its log made by {@code logs} from the member and its replica. */
    void start(int partitions, BiFunction<Member, Replica, LedgerLog> logs) {
        for (Member member : members) {
            Replica replica = new Replica(
                    member.id(),
                    membership,
                    new JdbcReplicaStore(dataSource, member.schema()),
                    partitions,
                    Clock.systemUTC());
            ledgers.add(new Ledger(member.key(), logs.apply(member, replica), replica, Clock.systemUTC(), WRITE_TIMEOUT)
                    .start());
        }
    }

    /** Hospital {@code i}'s ledger. */
    Ledger ledger(int i) {
        return ledgers.get(i);
    }

    int size() {
        return members.size();
    }

    @Override
    public void close() {
        for (Ledger ledger : ledgers) {
            ledger.close();
        }
        for (AutoCloseable part : infrastructure.reversed()) {
            try {
                part.close();
            } catch (Exception e) {
                throw new BenchmarkFailure("could not stop " + part + ": " + e.getMessage(), e);
            }
        }
        dataSource.close();
    }
}
