package org.carenet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carenet.access.Authentication;

/**
 * A browser without a browser: sends form posts and the session cookie, and does not follow redirects, so that
 * tests see exactly what the node answers.
 */
public final class PageClient {

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String baseUrl;

    public PageClient(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public record Page(int status, String body, HttpResponse<String> raw) {

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public List<String> cookies() {
            return raw.headers().allValues("Set-Cookie");
        }

        /** The value the response sets the session cookie to, failing when it sets none. */
        public String sessionCookie() {
            String prefix = Authentication.SESSION_COOKIE + "=";
            return cookies().stream()
                    .filter(cookie -> cookie.startsWith(prefix))
                    .map(cookie -> cookie.substring(prefix.length(), cookie.indexOf(';')))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no session cookie in " + cookies()));
        }
    }

    public Page get(String path, String session) {
        return get(path, session, Map.of());
    }

    public Page get(String path, String session, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, session).GET();
        headers.forEach(request::header);
        return send(request);
    }

    public Page post(String path, String session, Map<String, String> form) {
        return post(path, session, form, Map.of());
    }

    public Page post(String path, String session, Map<String, String> form, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded(form)));
        headers.forEach(request::header);
        return send(request);
    }

    /** Logs in through the login form and returns the session cookie's value. */
    public String login(String username, String password) {
        Page page = post("/login", null, credentials(username, password));
        if (page.status() != 303) {
            throw new AssertionError("login of " + username + " failed: " + page.status() + " " + page.body());
        }
        return page.sessionCookie();
    }

    public static Map<String, String> credentials(String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("password", password);
        return form;
    }

    private HttpRequest.Builder request(String path, String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (session != null) {
            request.header("Cookie", Authentication.SESSION_COOKIE + "=" + session);
        }
        return request;
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encoded(Map<String, String> form) {
        return form.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
