package org.carenet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A short run of the users benchmark against a real network: the harness works end to end, without errors. */
class UsersBenchmarkIT {

    private static final Pattern ROW = Pattern.compile("users: GET /api/users/\\{id} +([\\d,]+) requests +(\\d+) ");

    @Test
    void aShortRunReadsTheNursesAccountWithoutErrors() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine bench = Bench.commandLine();
        bench.setOut(new PrintWriter(out, true));
        bench.setErr(new PrintWriter(err, true));

        int exitCode = bench.execute("users", "--clients", "4", "--warmup", "1s", "--duration", "2s");

        assertThat(exitCode).as("exit code; stderr: %s", err).isZero();
        assertThat(out.toString()).contains("Setup: ", "4 clients", "1 hospital");
        Matcher row = ROW.matcher(out.toString());
        assertThat(row.find()).as("the result row in:%n%s", out).isTrue();
        assertThat(Long.parseLong(row.group(1).replace(",", ""))).isPositive();
        assertThat(row.group(2)).isEqualTo("0");
    }
}
