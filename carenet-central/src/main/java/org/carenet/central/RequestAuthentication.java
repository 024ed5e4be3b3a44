package org.carenet.central;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.carenet.ledger.Membership;
import org.carenet.ledger.RequestSignature;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets through only requests a member hospital signed ({@link RequestSignature}): a known hospital, a signature
 * under its key over this very method, path, query and body, made within the clock skew of now. Anything else is
 * answered 401 with a problem document, before any other part of the server sees it. The signer is handed on as
 * the request attribute {@value #HOSPITAL}.
 */
@Component
class RequestAuthentication extends OncePerRequestFilter {

    static final String HOSPITAL = "carenet.hospital";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Membership membership;
    private final Clock clock;
    private final Duration skew;
    private final long maxRequest;

    RequestAuthentication(Membership membership, Clock clock, CentralSettings settings) {
        this.membership = membership;
        this.clock = clock;
        this.skew = settings.clockSkew();
        this.maxRequest = settings.maxRequest().toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 1, maxRequest + 1));
        if (body.length > maxRequest) {
            refuse(
                    request,
                    response,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "the request body exceeds " + maxRequest + " bytes");
            return;
        }
        RequestSignature signature;
        try {
            signature = RequestSignature.fromHeaders(
                    request.getHeader(RequestSignature.HOSPITAL),
                    request.getHeader(RequestSignature.TIMESTAMP),
                    request.getHeader(RequestSignature.SIGNATURE));
        } catch (IllegalArgumentException e) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, e.getMessage());
            return;
        }
        Optional<String> distrust = distrust(signature, request, body);
        if (distrust.isPresent()) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, distrust.get());
            return;
        }
        request.setAttribute(HOSPITAL, signature.hospital());
        chain.doFilter(new ReadBody(request, body), response);
    }

    private Optional<String> distrust(RequestSignature signature, HttpServletRequest request, byte[] body) {
        String query = request.getQueryString();
        String pathAndQuery = query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
        return signature.distrust(membership, clock.instant(), skew, request.getMethod(), pathAndQuery, body);
    }

    private static void refuse(
            HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }

    /** The request with its body, read once for the signature, readable again by the handler. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
