package org.carenet.ledger.grpc;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.ServerInterceptor;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carenet.embedded.FreePorts;
import org.carenet.embedded.TestDatabases;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.JdbcReplicaStore;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.Replica;

/**
 * The seed's three hospitals, each with its own replica (a schema of one test database), its ledger over a shared
 * {@link OrderedTestLog}, and its {@code ConsistentStorage} served over gRPC on a free port.
 */
final class ThreeHospitals implements AutoCloseable {

    static final int PARTITIONS = 4;

    final NetworkFixture network = new NetworkFixture();
    final OrderedTestLog log = new OrderedTestLog(PARTITIONS);
    private final String url;
    private final HikariDataSource dataSource;
    private final Map<HospitalId, OrderedTestLog.View> views = new LinkedHashMap<>();
    private final Map<HospitalId, Ledger> ledgers = new LinkedHashMap<>();
    private final Map<HospitalId, LedgerGrpcServer> servers = new LinkedHashMap<>();

    /** @param timeout how long a write or a synced read waits for the log before it is unavailable */
    ThreeHospitals(Duration timeout) {
        url = TestDatabases.create();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(TestDatabases.username());
        dataSource.setPassword(TestDatabases.password());
        int[] ports = FreePorts.find(NetworkFixture.HOSPITALS.size());
        int i = 0;
        for (HospitalId hospital : NetworkFixture.HOSPITALS) {
            OrderedTestLog.View view = log.viewOf(hospital);
            Replica replica = new Replica(
                    hospital,
                    network.membership,
                    new JdbcReplicaStore(
                            dataSource, "ledger_" + hospital.value().replace('-', '_')),
                    PARTITIONS,
                    Clock.systemUTC());
            Ledger ledger = new Ledger(network.keyOf(hospital), view, replica, Clock.systemUTC(), timeout).start();
            views.put(hospital, view);
            ledgers.put(hospital, ledger);
            servers.put(hospital, serve(ledger, ports[i++], List.of()));
        }
    }

    static LedgerGrpcServer serve(Ledger ledger, int port, List<ServerInterceptor> interceptors) {
        return LedgerGrpcServer.start(
                new LedgerGrpcServer.Settings("127.0.0.1", port, Duration.ofSeconds(5)), ledger, interceptors);
    }

    Ledger ledgerOf(HospitalId hospital) {
        return ledgers.get(hospital);
    }

    OrderedTestLog.View logOf(HospitalId hospital) {
        return views.get(hospital);
    }

    String target(HospitalId hospital) {
        return "127.0.0.1:" + servers.get(hospital).port();
    }

    ConsistentStorageClient client(HospitalId at) {
        return ConsistentStorageClient.plaintext(target(at), Optional.empty(), Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        servers.values().forEach(LedgerGrpcServer::close);
        ledgers.values().forEach(Ledger::close);
        dataSource.close();
        TestDatabases.drop(url);
    }
}
