package org.carenet.cli.network;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.carenet.cli.network.Hospitals.InvalidHospitalsException;
import org.carenet.cli.network.Network.NetworkStartException;
import org.carenet.network.LedgerBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code carenet network start}: the whole network in this process until Ctrl-C. */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = {
            "Starts PostgreSQL, a Kafka broker and one node per hospital in this process, prints where each"
                    + " node is, and runs until stopped (Ctrl-C, SIGTERM). Data persists under the data directory.",
            "Hospital i (0-based, in file order) serves HTTP on port 8000 + i and the ledger's gRPC"
                    + " ConsistentStorage on 9000 + i (with --backend raft, its Raft peer on 9100 + i)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped by Ctrl-C/SIGTERM",
            "1:the network failed to start",
            "2:bad arguments or hospitals file"
        })
final class NetworkStartCommand implements Callable<Integer> {

    static final int BAD_INPUT = 2;
    static final int START_FAILED = 1;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--hospitals",
            paramLabel = "FILE",
            defaultValue = "data/hospitals.txt",
            description = "Hospital names, one a line; blank lines and # comments ignored (default: ${DEFAULT-VALUE})")
    Path hospitalsFile;

    @Option(
            names = "--backend",
            paramLabel = "BACKEND",
            defaultValue = "kafka",
            converter = BackendConverter.class,
            description =
                    "What orders the network ledger: kafka, sql (a central ledger server on port 7000) or raft"
                            + " (the nodes themselves); the seed's sagas, centraldb, bigchain also work (default: ${DEFAULT-VALUE})")
    LedgerBackend backend;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            defaultValue = "run",
            description = "Data and logs directory (default: ./${DEFAULT-VALUE})")
    Path dataDirectory;

    /**
     * Starts the network, prints the table of nodes, and blocks until the JVM shuts down (a shutdown hook then
     * stops the network) or this thread is interrupted (the network is then stopped before returning).
     */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Hospital> hospitals;
        try {
            hospitals = Hospitals.read(hospitalsFile);
        } catch (InvalidHospitalsException e) {
            err.println("carenet: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        Path data = dataDirectory.toAbsolutePath().normalize();
        out.printf("Starting a network of %d hospitals, data in %s ...%n", hospitals.size(), data);
        out.flush();
        Network network;
        try {
            network = Network.start(hospitals, data, backend, Map.of());
        } catch (NetworkStartException e) {
            err.println("carenet: the network failed to start: " + e.getMessage());
            err.println("carenet: details in " + data.resolve(NetworkLogging.LOG_FILE));
            err.flush();
            return START_FAILED;
        }
        printTable(out, network);

        Thread stopOnExit = new Thread(() -> stop(out, network), "carenet-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the network
            }
            stop(out, network);
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void stop(PrintWriter out, Network network) {
        out.println("Stopping the network ...");
        out.flush();
        network.close();
        out.println("Stopped. Data kept in " + network.dataDirectory());
        out.flush();
    }

    /** Accepts the seed's names too, with a message that lists the choices. */
    static final class BackendConverter implements ITypeConverter<LedgerBackend> {
        @Override
        public LedgerBackend convert(String value) {
            LedgerBackend backend;
            try {
                backend = LedgerBackend.named(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            if (backend == LedgerBackend.NONE) {
                throw new TypeConversionException("a network has a ledger: kafka, sql or raft");
            }
            return backend;
        }
    }

    static void printTable(PrintWriter out, Network network) {
        StartupTimings timings = network.timings();
        out.printf(
                "Started in %s (PostgreSQL ready after %s, Kafka after %s, nodes after %s); ledger on %s.%n%n",
                StartupTimings.seconds(timings.healthy()),
                StartupTimings.seconds(timings.database()),
                StartupTimings.seconds(timings.broker()),
                StartupTimings.seconds(timings.nodes()),
                network.backend().configName());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"hospital id", "name", "URL", "health", "admin password"});
        boolean anyGenerated = false;
        for (RunningNode node : network.nodes()) {
            String password = node.generatedAdminPassword().orElse(node.adminPasswordGiven() ? "(set)" : "(existing)");
            anyGenerated |= node.generatedAdminPassword().isPresent();
            rows.add(new String[] {
                node.hospital().id(),
                node.hospital().name(),
                node.baseUrl().toString(),
                node.healthUrl().toString(),
                password
            });
        }
        int[] widths = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println();
        if (anyGenerated) {
            out.println("Log in as 'admin' with the password above: it is shown this once and never again.");
        }
        out.println("Logs: " + network.logFile());
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
