package org.carenet.cli.network;

import java.time.Duration;

/**
 * How long a network took to start, each measured from the start of {@link Network#start}.
 *
 * @param database until PostgreSQL accepted connections and every hospital's database existed
 * @param broker until the Kafka broker accepted clients
 * @param nodes until every node's context had started
 * @param healthy until every node reported {@code UP} on {@code /actuator/health}
 */
public record StartupTimings(Duration database, Duration broker, Duration nodes, Duration healthy) {

    /** Seconds with one decimal, e.g. {@code 12.3 s}. */
    public static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
