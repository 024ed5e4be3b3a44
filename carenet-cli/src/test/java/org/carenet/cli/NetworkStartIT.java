package org.carenet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs {@code carenet network start} in this JVM with two hospitals on ports 8000 and 8001 (must be free). */
class NetworkStartIT {

    private static final List<Integer> PORTS = List.of(8000, 8001);

    @TempDir
    Path directory;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Thread command;

    @AfterEach
    void stopTheCommand() throws InterruptedException {
        if (command != null && command.isAlive()) {
            command.interrupt();
            command.join(Duration.ofMinutes(1));
        }
        http.close();
    }

    @Test
    void networkStartBringsUpEveryHospitalsNodeHealthyAndStopsThemAll() throws Exception {
        Path hospitals = Files.write(
                directory.resolve("hospitals.txt"),
                List.of("# two of the seed hospitals", "Rhode Island Hospital", "", "Miriam Hospital"));
        Path data = directory.resolve("run");
        AtomicInteger exitCode = new AtomicInteger(-1);
        CommandLine commandLine = Carenet.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        command = Thread.ofPlatform()
                .name("carenet-network-start")
                .start(() -> exitCode.set(commandLine.execute(
                        "network", "start", "--hospitals", hospitals.toString(), "--data", data.toString())));

        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .failFast("the command ended: " + err, () -> !command.isAlive())
                .until(() -> out.toString().contains("Press Ctrl-C to stop."));

        for (int port : PORTS) {
            HttpResponse<String> health = get(port);
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode body = JsonMapper.shared().readTree(health.body());
            assertThat(body.path("status").asString()).as(health.body()).isEqualTo("UP");
        }
        assertThat(out.toString())
                .contains("rhode-island-hospital", "Rhode Island Hospital", "http://127.0.0.1:8000/actuator/health")
                .contains("miriam-hospital", "Miriam Hospital", "http://127.0.0.1:8001/actuator/health")
                .contains("admin password");
        JsonNode network =
                JsonMapper.shared().readTree(get(8001, "/api/network/hospitals").body());
        assertThat(network.get("hospitals").findValuesAsString("id"))
                .containsExactly("miriam-hospital", "rhode-island-hospital");
        assertThat(network.get("hospitals").findValuesAsString("publicKey"))
                .allSatisfy(key -> assertThat(key).hasSize(44));
        assertThat(data.resolve("network").resolve("membership.json")).isRegularFile();
        assertThat(data.resolve("postgres")).isDirectory();
        assertThat(data.resolve("kafka").resolve("meta.properties")).isRegularFile();
        assertThat(data.resolve("rhode-island-hospital")).isDirectory();
        assertThat(data.resolve("miriam-hospital")).isDirectory();
        assertThat(data.resolve("logs").resolve("carenet.log")).isNotEmptyFile();

        command.interrupt();
        command.join(Duration.ofMinutes(1));

        assertThat(command.isAlive()).isFalse();
        assertThat(exitCode).hasValue(0);
        assertThat(out.toString()).contains("Stopped.");
        for (int port : PORTS) {
            assertThatThrownBy(() -> get(port)).isInstanceOf(ConnectException.class);
        }
    }

    private HttpResponse<String> get(int port) throws IOException, InterruptedException {
        return get(port, "/actuator/health");
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
