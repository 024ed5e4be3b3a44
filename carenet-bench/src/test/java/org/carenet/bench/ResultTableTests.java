package org.carenet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ResultTableTests {

    @Test
    void rowsLineUpUnderTheHeaderWithNumbersRightAligned() {
        StringWriter printed = new StringWriter();

        new ResultTable()
                .add(
                        "users: GET /api/users/{id}",
                        "98,765 requests",
                        0L,
                        4938.4,
                        LatencyStats.of(1_000_000, 2_000_000, 30_000_000))
                .add("startup: node", "5 runs", null, null, LatencyStats.of(11_000_000_000L))
                .print(new PrintWriter(printed));

        assertThat(printed.toString().lines())
                .containsExactly(
                        "benchmark                     runs/requests  errors   throughput       min    median      p99"
                                + "      max",
                        "users: GET /api/users/{id}  98,765 requests       0  4,938 req/s  1.000 ms  2.000 ms  30.0 ms"
                                + "  30.0 ms",
                        "startup: node                        5 runs       -            -   11.00 s   11.00 s  11.00 s"
                                + "  11.00 s");
    }

    @Test
    void aBenchmarkWithoutSuccessfulRequestsShowsNoLatencies() {
        StringWriter printed = new StringWriter();

        new ResultTable()
                .add("users", "10 requests", 10L, 0.0, LatencyStats.of())
                .print(new PrintWriter(printed));

        assertThat(printed.toString().lines().toList().get(1)).matches("users +10 requests +10 +0 req/s +- +- +- +-");
    }
}
