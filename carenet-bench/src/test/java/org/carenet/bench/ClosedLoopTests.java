package org.carenet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClosedLoopTests {

    private static final Duration SHORT = Duration.ofMillis(500);
    private static final String POSTED = "{\"reason\":\"follow-up\"}";
    private static final Supplier<ResourceUsage> NO_SERVER = () -> ResourceUsage.now(Path.of("no-such-server"));

    private HttpServer server;
    private ExecutorService handlers;

    @BeforeEach
    void startServer() throws IOException, InterruptedException {
        handlers = Executors.newVirtualThreadPerTaskExecutor();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/ok", exchange -> answer(exchange, 200, "{\"username\":\"bench-nurse\"}"));
        server.createContext("/broken", exchange -> answer(exchange, 500, "{\"title\":\"Internal Server Error\"}"));
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (var out = exchange.getResponseBody()) {
                out.write("{\"first\":".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("\"chunk\"}".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/created", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean asSent = exchange.getRequestMethod().equals("POST")
                    && new String(body, StandardCharsets.UTF_8).equals(POSTED)
                    && "application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"));
            answer(exchange, asSent ? 201 : 400, asSent ? "{}" : "{\"title\":\"not what was sent\"}");
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        handlers.close();
    }

    @Test
    void everyOkAnswerInTheWindowIsALatencyAndNoError() throws InterruptedException {
        ClosedLoop.Result result = new ClosedLoop(4, Duration.ofMillis(100), SHORT, NO_SERVER).run(request("/ok"));

        assertThat(result.errors()).isEmpty();
        assertThat(result.latencies().count()).isPositive();
        assertThat(result.requests()).isEqualTo(result.latencies().count());
        assertThat(result.perSecond()).isEqualTo(result.latencies().count() / (SHORT.toNanos() / 1e9));
        assertThat(result.latencies().max()).isLessThan(SHORT.toNanos());
    }

    @Test
    void chunkedAnswersAndPostedBodiesGoOverTheKeptAliveConnections() throws InterruptedException {
        ClosedLoop.Result chunked = new ClosedLoop(2, Duration.ZERO, SHORT, NO_SERVER).run(request("/chunked"));
        HttpRequest post = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/created"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(POSTED))
                .build();
        ClosedLoop.Result created = new ClosedLoop(2, Duration.ZERO, SHORT, NO_SERVER).run(post, 201);

        assertThat(chunked.errors()).isEmpty();
        assertThat(chunked.latencies().count()).isGreaterThan(2);
        assertThat(created.errors()).isEmpty();
        assertThat(created.latencies().count()).isGreaterThan(2);
    }

    @Test
    void anAnswerOtherThanOkIsAnErrorWithAnExampleAndNoLatency() throws InterruptedException {
        ClosedLoop.Result result = new ClosedLoop(2, Duration.ZERO, SHORT, NO_SERVER).run(request("/broken"));

        assertThat(result.latencies().isEmpty()).isTrue();
        assertThat(result.errors()).containsOnlyKeys("HTTP 500");
        assertThat(result.errorCount()).isPositive().isEqualTo(result.requests());
        assertThat(result.examples().get("HTTP 500")).isEqualTo("HTTP 500 {\"title\":\"Internal Server Error\"}");
        assertThat(result.perSecond()).isZero();
    }

    @Test
    void aNodeThatDoesNotAnswerIsCountedAsErrorsNotHidden() throws IOException, InterruptedException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        HttpRequest nobodyListens = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/ok"))
                .build();

        ClosedLoop.Result result = new ClosedLoop(1, Duration.ZERO, SHORT, NO_SERVER).run(nobodyListens);

        assertThat(result.errors()).containsOnlyKeys("ConnectException");
        assertThat(result.latencies().isEmpty()).isTrue();
    }

    @Test
    void aMalformedAnswerIsCountedAsAnErrorNotThrown() throws IOException, InterruptedException {
        try (ServerSocket garbled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!garbled.isClosed()) {
                    try (Socket connection = garbled.accept()) {
                        connection
                                .getOutputStream()
                                .write("HTTP/1.1 200 OK\r\nContent-Length: twelve\r\n\r\n"
                                        .getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException e) {
                        // the test closed the socket
                    }
                }
            });
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + garbled.getLocalPort() + "/ok"))
                    .build();

            ClosedLoop.Result result = new ClosedLoop(1, Duration.ZERO, SHORT, NO_SERVER).run(request);

            assertThat(result.errors()).containsOnlyKeys("ProtocolException");
            assertThat(result.errorCount()).isPositive().isEqualTo(result.requests());
            assertThat(result.latencies().isEmpty()).isTrue();
        }
    }

    @Test
    void aLoadNeedsClientsAndAWindow() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClosedLoop(0, Duration.ZERO, SHORT, NO_SERVER));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ClosedLoop(1, Duration.ZERO, Duration.ZERO, NO_SERVER));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ClosedLoop(1, Duration.ofSeconds(-1), SHORT, NO_SERVER));
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .build();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
