package org.carenet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A short run of the records benchmark against a real two-hospital network: every row measured, without errors. */
class RecordsBenchmarkIT {

    private static final Pattern ROW = Pattern.compile("(records: [a-z ]+(?:\\([^)]*\\))?) +([\\d,]+) [a-z]+ +(\\d+) ");

    @Test
    void aShortRunReadsWritesRegistersAndTransfersWithoutErrors() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine bench = Bench.commandLine();
        bench.setOut(new PrintWriter(out, true));
        bench.setErr(new PrintWriter(err, true));

        int exitCode = bench.execute(
                "records",
                "--clients",
                "4",
                "--warmup",
                "1s",
                "--duration",
                "1s",
                "--registrations",
                "20",
                "--transfers",
                "5",
                "--transfer-clients",
                "2");

        assertThat(exitCode).as("exit code; stdout: %s; stderr: %s", out, err).isZero();
        Matcher row = ROW.matcher(out.toString());
        int rows = 0;
        while (row.find()) {
            rows++;
            assertThat(Long.parseLong(row.group(2).replace(",", "")))
                    .as(row.group(1))
                    .isPositive();
            assertThat(row.group(3)).as(row.group(1) + " errors").isEqualTo("0");
        }
        assertThat(rows)
                .as("reads, writes, registrations and transfers in:%n%s", out)
                .isEqualTo(4);
    }
}
