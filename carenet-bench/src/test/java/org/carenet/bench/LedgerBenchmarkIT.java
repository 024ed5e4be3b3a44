package org.carenet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A short run of the ledger benchmark on every backend: the harness works end to end, without errors. */
class LedgerBenchmarkIT {

    private static final Pattern ROW =
            Pattern.compile("(kafka|sql|raft) × 2: (put|get|transfer|remove) +([\\d,]+) ops +(\\d+) ");

    @TempDir
    Path out;

    @Test
    void aShortRunOfEveryOperationOnEveryBackendHasNoErrors() throws Exception {
        StringWriter console = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine bench = Bench.commandLine();
        bench.setOut(new PrintWriter(console, true));
        bench.setErr(new PrintWriter(err, true));

        int exitCode = bench.execute(
                "ledger",
                "--backends",
                "kafka,sql,raft",
                "--hospitals",
                "2",
                "--clients",
                "4",
                "--warmup",
                "1s",
                "--duration",
                "1s",
                "--out",
                out.toString());

        assertThat(exitCode).as("exit code; stderr: %s", err).isZero();
        Matcher row = ROW.matcher(console.toString());
        int rows = 0;
        while (row.find()) {
            rows++;
            assertThat(Long.parseLong(row.group(3).replace(",", "")))
                    .as(row.group())
                    .isPositive();
            assertThat(row.group(4)).as(row.group()).isEqualTo("0");
        }
        assertThat(rows).as("3 backends × 4 operations in:%n%s", console).isEqualTo(12);
        List<String> csv = Files.readAllLines(out.resolve("ledger.csv"));
        assertThat(csv).hasSize(1 + 12);
        assertThat(out.resolve("ledger.png")).isNotEmptyFile();
    }
}
