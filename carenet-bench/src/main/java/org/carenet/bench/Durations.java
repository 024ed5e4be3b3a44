package org.carenet.bench;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as people write and read them: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 12.3 ms}, {@code 1.45 s}. */
final class Durations {

    private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private Durations() {}

    /**
     * Parses a whole number with a unit ({@code ms}, {@code s}, {@code m}, {@code h}) or an ISO-8601 duration
     * ({@code PT5S}).
     *
     * @throws IllegalArgumentException if {@code text} is neither, or is negative
     */
    static Duration parse(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        Matcher amount = AMOUNT.matcher(trimmed);
        if (amount.matches()) {
            long value = Long.parseLong(amount.group(1));
            return switch (amount.group(2)) {
                case "ms" -> Duration.ofMillis(value);
                case "s" -> Duration.ofSeconds(value);
                case "m" -> Duration.ofMinutes(value);
                default -> Duration.ofHours(value);
            };
        }
        try {
            Duration iso = Duration.parse(text.strip());
            if (iso.isNegative()) {
                throw new IllegalArgumentException("a duration cannot be negative: '" + text + "'");
            }
            return iso;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: write e.g. 500ms, 20s, 2m or PT20S", e);
        }
    }

    /** {@code nanos} with a unit and three significant digits or so: {@code 0.412 ms}, {@code 12.3 ms}, {@code 1.45 s}. */
    static String format(long nanos) {
        double millis = nanos / 1e6;
        if (millis < 10) {
            return String.format(Locale.ROOT, "%.3f ms", millis);
        }
        if (millis < 1000) {
            return String.format(Locale.ROOT, "%.1f ms", millis);
        }
        return String.format(Locale.ROOT, "%.2f s", millis / 1000);
    }

    /** {@code duration} in whole seconds when it is whole, e.g. {@code 20 s}, else formatted as {@link #format}. */
    static String format(Duration duration) {
        if (duration.toMillis() % 1000 == 0) {
            return duration.toSeconds() + " s";
        }
        return format(duration.toNanos());
    }

    /** Lets picocli read options such as {@code --duration 20s}. */
    static final class Converter implements ITypeConverter<Duration> {

        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
