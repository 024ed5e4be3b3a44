package org.carenet.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table every benchmark prints: one row per measured thing, with its count, errors, throughput and latency
 * percentiles. The first column is left-aligned, the numbers right-aligned.
 */
final class ResultTable {

    static final List<String> HEADER =
            List.of("benchmark", "runs/requests", "errors", "throughput", "min", "median", "p99", "max");
    private static final String NONE = "-";

    private final List<List<String>> rows = new ArrayList<>();

    /**
     * Adds a row.
     *
     * @param count e.g. {@code 5 runs} or {@code 98,765 requests}
     * @param errors the number of failures, or {@code null} where failing aborts the benchmark instead
     * @param perSecond the throughput, or {@code null} where it means nothing (a start-up time)
     * @param stats the measured durations; an empty one leaves the latency columns blank
     */
    ResultTable add(String benchmark, String count, Long errors, Double perSecond, LatencyStats stats) {
        List<String> row = new ArrayList<>(List.of(
                benchmark,
                count,
                errors == null ? NONE : String.format(Locale.ROOT, "%,d", errors),
                perSecond == null ? NONE : String.format(Locale.ROOT, "%,.0f req/s", perSecond)));
        if (stats.isEmpty()) {
            row.addAll(List.of(NONE, NONE, NONE, NONE));
        } else {
            row.add(Durations.format(stats.min()));
            row.add(Durations.format(stats.median()));
            row.add(Durations.format(stats.p99()));
            row.add(Durations.format(stats.max()));
        }
        rows.add(List.copyOf(row));
        return this;
    }

    void print(PrintWriter out) {
        List<List<String>> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(rows);
        int[] widths = new int[HEADER.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                String padding = " ".repeat(widths[i] - cell.length());
                if (i == 0) {
                    line.append(cell).append(padding);
                } else {
                    line.append("  ").append(padding).append(cell);
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
