package org.carenet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationsTests {

    @Test
    void durationsAreWrittenWithAUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse(" 2m ")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("0s")).isZero();
    }

    @Test
    void isoDurationsAreAcceptedToo() {
        assertThat(Durations.parse("PT20S")).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void negativeOrUnitlessDurationsAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("20"));
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("-5s"));
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("PT-5S"));
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("five seconds"));
    }

    @Test
    void picocliIsToldWhatToWriteInstead() {
        assertThatThrownBy(() -> new Durations.Converter().convert("soon"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("20s");
    }

    @Test
    void measuredDurationsKeepAboutThreeSignificantDigits() {
        assertThat(Durations.format(412_345)).isEqualTo("0.412 ms");
        assertThat(Durations.format(12_345_678)).isEqualTo("12.3 ms");
        assertThat(Durations.format(1_454_000_000)).isEqualTo("1.45 s");
    }

    @Test
    void settingsInWholeSecondsReadAsSeconds() {
        assertThat(Durations.format(Duration.ofSeconds(20))).isEqualTo("20 s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.50 s");
    }
}
