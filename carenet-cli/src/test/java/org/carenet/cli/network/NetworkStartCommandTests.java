package org.carenet.cli.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.carenet.cli.Carenet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NetworkStartCommandTests {

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aMissingHospitalsFileIsAClearErrorWithExitCode2() {
        Path missing = directory.resolve("hospitals.txt");

        int exitCode = execute("network", "start", "--hospitals", missing.toString(), "--data", dataDirectory());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("carenet: hospitals file " + missing + " does not exist");
        assertThat(directory.resolve("run")).doesNotExist();
    }

    @Test
    void anEmptyHospitalsFileIsAClearErrorWithExitCode2() throws IOException {
        Path empty = Files.writeString(directory.resolve("hospitals.txt"), "# no hospitals yet\n\n");

        int exitCode = execute("network", "start", "--hospitals", empty.toString(), "--data", dataDirectory());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("no hospitals listed");
        assertThat(directory.resolve("run")).doesNotExist();
    }

    @Test
    void aCommandIsRequired() {
        assertThat(execute()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing a command");
        assertThat(execute("network")).isEqualTo(2);
    }

    @Test
    void helpDescribesTheDefaults() {
        assertThat(execute("network", "start", "--help")).isZero();
        assertThat(out.toString()).contains("data/hospitals.txt").contains("./run");
    }

    private String dataDirectory() {
        return directory.resolve("run").toString();
    }

    private int execute(String... arguments) {
        CommandLine commandLine = Carenet.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(arguments);
    }
}
