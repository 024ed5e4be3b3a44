package org.carenet.central;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.RequestSignature;
import org.carenet.ledger.SigningKey;

/** Raw HTTP requests to the central server, signed as a test decides (or not at all). */
final class CentralRequests implements AutoCloseable {

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI central;

    CentralRequests(URI central) {
        this.central = central;
    }

    /** The signature headers of a request {@code key} signs as {@code hospital} at {@code at}. */
    static Map<String, String> signed(
            HospitalId hospital, SigningKey key, String method, String pathAndQuery, Instant at, byte[] body) {
        RequestSignature signature = RequestSignature.sign(key, hospital, method, pathAndQuery, at, body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RequestSignature.HOSPITAL, hospital.value());
        headers.put(RequestSignature.TIMESTAMP, signature.timestampHeader());
        headers.put(RequestSignature.SIGNATURE, signature.signatureHeader());
        return headers;
    }

    HttpResponse<String> send(String method, String pathAndQuery, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(central + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/octet-stream");
        headers.forEach(request::setHeader);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
