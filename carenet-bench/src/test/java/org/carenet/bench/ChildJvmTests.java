package org.carenet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildJvmTests {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    @Test
    void aChildRunsTheBenchOnThisJvmWithItsClasses() {
        List<String> command = ChildJvm.command(List.of("startup", "--runs", "1"));

        assertThat(command.getFirst())
                .isEqualTo(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(command)
                .endsWith(
                        "-cp", System.getProperty("java.class.path"), Bench.class.getName(), "startup", "--runs", "1");
    }

    @Test
    void theChildsResultLineIsReturnedAndItsOtherOutputLogged() throws IOException, InterruptedException {
        StringWriter log = new StringWriter();

        String result = ChildJvm.run(List.of("--help"), "Commands:", TIMEOUT, new PrintWriter(log));

        assertThat(result).isEqualTo("Commands:");
        assertThat(log.toString()).contains("  | Usage: carenet bench");
    }

    @Test
    void aChildThatPrintsNoResultFails() {
        assertThatThrownBy(() -> ChildJvm.run(
                        List.of("--version"), "no such line", TIMEOUT, new PrintWriter(new StringWriter())))
                .isInstanceOf(BenchmarkFailure.class)
                .hasMessageContaining("printed no result");
    }
}
