package org.carenet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchTests {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void helpListsTheBenchmarksButNotTheInternalRun() {
        int exitCode = execute("--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .contains("startup", "users", "ledger", "records")
                .doesNotContain(StartupRun.NAME);
    }

    @Test
    void theUsersBenchmarkTellsItsDefaults() {
        int exitCode = execute("users", "--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .contains("--clients", "(default: 32)", "--warmup", "(default: 60s)", "--duration", "(default: 20s)");
    }

    @Test
    void aDurationWithoutAUnitIsABadArgument() {
        int exitCode = execute("users", "--duration", "20");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("write e.g. 500ms, 20s");
    }

    @Test
    void fewerThanOneRunOrClientIsABadArgument() {
        assertThat(execute("startup", "--runs", "0")).isEqualTo(2);
        assertThat(execute("users", "--clients", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--runs must be at least 1", "--clients must be at least 1");
    }

    @Test
    void aFailedBenchmarkExitsWithOneAndSaysWhy(@TempDir Path directory) throws IOException {
        Path notADirectory = Files.writeString(directory.resolve("file"), "in the way");

        int exitCode =
                execute(StartupRun.NAME, "--data", notADirectory.resolve("data").toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).startsWith("carenet bench: cannot create data directory");
    }

    private int execute(String... arguments) {
        CommandLine commandLine = Bench.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(arguments);
    }
}
