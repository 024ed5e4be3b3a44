package org.carenet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartupSampleTests {

    private static final StartupSample FRESH_JVM = new StartupSample(
            Optional.of(Duration.ofMillis(14_210)),
            Duration.ofMillis(2_105),
            Duration.ofMillis(2_877),
            Duration.ofMillis(8_012),
            Duration.ofMillis(8_145),
            Duration.ofMillis(11_022),
            Duration.ofNanos(1_234_567_891));

    @Test
    void aSampleFromAChildJvmReadsBackAsItWasWritten() {
        String line = FRESH_JVM.toLine();

        assertThat(line).startsWith(StartupSample.LINE_PREFIX + " process=14210000000 ");
        assertThat(StartupSample.parse(line)).isEqualTo(FRESH_JVM);
    }

    @Test
    void aSampleWithoutAProcessOfItsOwnReadsBackToo() {
        StartupSample inProcess = new StartupSample(
                Optional.empty(),
                FRESH_JVM.database(),
                FRESH_JVM.broker(),
                FRESH_JVM.nodeStarted(),
                FRESH_JVM.nodeHealthy(),
                FRESH_JVM.network(),
                FRESH_JVM.stop());

        assertThat(StartupSample.parse(inProcess.toLine())).isEqualTo(inProcess);
    }

    @Test
    void otherLinesAreNotSamples() {
        assertThatIllegalArgumentException().isThrownBy(() -> StartupSample.parse("WARN something happened"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StartupSample.parse(StartupSample.LINE_PREFIX + " database=12"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StartupSample.parse(StartupSample.LINE_PREFIX + " database=soon"));
    }
}
