package org.carenet.ledger.sql;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.carenet.ledger.RequestSignature;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signed HTTP requests to the central server, over one {@link HttpClient} whose HTTP/1.1 connections are kept alive
 * and reused: appends are asynchronous, so a hospital keeps many in flight over a few connections.
 */
final class CentralClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] NO_BODY = new byte[0];

    private final SqlLedgerSettings settings;
    private final Clock clock;
    /**
     * Platform threads for the client's callbacks: its selector thread takes locks they hold, and a virtual thread
     * holding one while waiting for a busy carrier stalls every response of the hospital.
     */
    private final ExecutorService executor = Executors.newFixedThreadPool(
            2, Thread.ofPlatform().name("carenet-sql-http-", 0).daemon().factory());

    private final HttpClient http;

    CentralClient(SqlLedgerSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .executor(executor)
                .build();
    }

    CompletableFuture<CentralProtocol.BatchAppended> appendAll(List<byte[]> encodedEntries) {
        HttpRequest request = signed("POST", CentralProtocol.ENTRIES, CentralProtocol.encodeBatch(encodedEntries))
                .header("Content-Type", CentralProtocol.BATCH_MEDIA_TYPE)
                .build();
        return send(request, settings.requestTimeout(), CentralProtocol.BatchAppended.class);
    }

    /**
     * The entries after the given positions, by partition; blocks until the central answers, at most the long poll
     * plus the request timeout; interruptible.
     */
    CentralProtocol.EntryPages entries(Map<Integer, Long> after, int limit, Duration wait) throws InterruptedException {
        String path = CentralProtocol.ENTRIES + "?" + CentralProtocol.AFTER + "=" + CentralProtocol.after(after)
                + "&limit=" + limit + "&waitMillis=" + wait.toMillis();
        return get(path, wait.plus(settings.requestTimeout()), CentralProtocol.EntryPages.class);
    }

    CentralProtocol.Positions positions() throws InterruptedException {
        return get(CentralProtocol.PARTITIONS, settings.requestTimeout(), CentralProtocol.Positions.class);
    }

    private <T> T get(String pathAndQuery, Duration timeout, Class<T> type) throws InterruptedException {
        HttpRequest request = signed("GET", pathAndQuery, NO_BODY).GET().build();
        CompletableFuture<T> answer = send(request, timeout, type);
        try {
            return answer.get();
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof CentralRequestException refused
                    ? refused
                    : new CentralRequestException("the central server failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Sends a request, failing it after {@code timeout}. The timeout is kept by the future, not the request: each
     * request timeout is a timer the client's selector thread must purge under its lock, and with hundreds in flight
     * that lock was the most contended in the process.
     */
    private <T> CompletableFuture<T> send(HttpRequest request, Duration timeout, Class<T> type) {
        CompletableFuture<HttpResponse<byte[]>> response =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        return response.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((answer, failure) -> {
            if (failure != null) {
                response.cancel(true);
            }
            return read(request, answer, failure, type);
        });
    }

    private HttpRequest.Builder signed(String method, String pathAndQuery, byte[] body) {
        URI uri = URI.create(settings.central() + pathAndQuery);
        String signedPath = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        RequestSignature signature =
                RequestSignature.sign(settings.key(), settings.hospital(), method, signedPath, clock.instant(), body);
        return HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header(RequestSignature.HOSPITAL, signature.hospital().value())
                .header(RequestSignature.TIMESTAMP, signature.timestampHeader())
                .header(RequestSignature.SIGNATURE, signature.signatureHeader());
    }

    private static <T> T read(HttpRequest request, HttpResponse<byte[]> response, Throwable failure, Class<T> type) {
        String what = request.method() + " " + request.uri();
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof CancellationException cancelled) {
                throw cancelled;
            }
            throw new CentralRequestException("the central server did not answer " + what + ": " + cause, cause);
        }
        if (response.statusCode() != 200) {
            throw new CentralRequestException(
                    response.statusCode(),
                    "the central server refused " + what + " with " + response.statusCode() + ": "
                            + detail(response.body()));
        }
        try {
            return JSON.readValue(response.body(), type);
        } catch (JacksonException e) {
            throw new CentralRequestException(
                    "the central server answered " + what + " with a document that is not a " + type.getSimpleName(),
                    e);
        }
    }

    /** The problem document's detail, or the body itself when it is not one. */
    private static String detail(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        try {
            JsonNode problem = JSON.readTree(text);
            if (problem.hasNonNull("detail")) {
                return problem.get("detail").asString();
            }
        } catch (JacksonException notJson) {
            // a proxy's or a crashed server's page: the text is the best explanation there is
        }
        return text.isEmpty() ? "(no detail)" : text;
    }

    @Override
    public void close() {
        http.shutdownNow();
        executor.shutdownNow();
    }
}
