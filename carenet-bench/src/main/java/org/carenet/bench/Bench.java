package org.carenet.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.carenet.cli.network.Hospital;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code carenet bench}: the benchmarks; without a command, all of them with their defaults. */
@Command(
        name = "carenet bench",
        mixinStandardHelpOptions = true,
        versionProvider = Bench.Version.class,
        description = {
            "Benchmarks of a Carenet network on this machine. Each starts its own network on ports 8000 and up"
                    + " (they must be free) and prints a table.",
            "Without a command: startup, users and records, with their defaults (about 8 minutes); ledger, whose"
                    + " full grid takes about 20 minutes, runs only when asked for."
        },
        subcommands = {
            StartupBenchmark.class,
            UsersBenchmark.class,
            LedgerBenchmark.class,
            RecordsBenchmark.class,
            StartupRun.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:measured", "1:a benchmark failed, or saw errors (listed under its table)", "2:bad arguments"
        })
public final class Bench implements Callable<Integer> {

    /** The one hospital of every benchmark's network. */
    static final Hospital HOSPITAL = Hospital.named("Bench Hospital");

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, ready to {@code execute} arguments. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Bench());
        commandLine.setExecutionExceptionHandler((failure, command, parseResult) -> {
            PrintWriter err = command.getErr();
            err.println("carenet bench: " + (failure.getMessage() == null ? failure.toString() : failure.getMessage()));
            err.flush();
            return 1;
        });
        return commandLine;
    }

    /** Runs startup, users and records with their defaults; the exit code is the worst of theirs. */
    @Override
    public Integer call() {
        CommandLine self = spec.commandLine();
        int worst = 0;
        for (String benchmark : List.of("startup", "users", "records")) {
            if (!benchmark.equals("startup")) {
                self.getOut().println();
            }
            worst = Math.max(worst, self.getSubcommands().get(benchmark).execute());
        }
        return worst;
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = Bench.class.getPackage().getImplementationVersion();
            return new String[] {"carenet bench " + (version == null ? "(development build)" : version)};
        }
    }
}
