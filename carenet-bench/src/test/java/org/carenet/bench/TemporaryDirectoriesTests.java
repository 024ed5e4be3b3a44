package org.carenet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporaryDirectoriesTests {

    @TempDir
    Path parent;

    @Test
    void aRunWithoutErrorsLeavesNothingBehind() throws IOException {
        Path data = networkData();
        StringWriter printed = new StringWriter();

        TemporaryDirectories.deleteUnlessErrors(data, 0, new PrintWriter(printed, true));

        assertThat(data).doesNotExist();
        assertThat(printed.toString()).isEmpty();
    }

    @Test
    void aRunWithErrorsKeepsTheDataAndTheLogAndSaysWhere() throws IOException {
        Path data = networkData();
        StringWriter printed = new StringWriter();

        TemporaryDirectories.deleteUnlessErrors(data, 1, new PrintWriter(printed, true));

        assertThat(data.resolve("logs/carenet.log")).hasContent("a node's log line");
        assertThat(printed.toString()).contains(data.toString());
    }

    private Path networkData() throws IOException {
        Path data = TemporaryDirectories.createIn(parent, "network-");
        Files.createDirectories(data.resolve("logs"));
        Files.writeString(data.resolve("logs/carenet.log"), "a node's log line");
        return data;
    }
}
