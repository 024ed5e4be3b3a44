package org.carenet.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than {@code carenet.http.max-body-size} with 413 before anything reads them: by the
 * declared length when there is one, and by counting when the body is streamed without one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimit extends OncePerRequestFilter {

    private final long maxBytes;
    private final long maxHandoverBytes;
    private final ProblemWriter problems;

    RequestBodyLimit(HttpProperties http, ProblemWriter problems) {
        this.maxBytes = http.maxBodySize().toBytes();
        this.maxHandoverBytes = http.maxHandoverSize().toBytes();
        this.problems = problems;
    }

    static boolean exceeded(Exception e) {
        return NestedExceptionUtils.getRootCause(e) instanceof BodyTooLarge || e.getCause() instanceof BodyTooLarge;
    }

    static String exceededMessage(Exception e) {
        Throwable root = NestedExceptionUtils.getRootCause(e);
        return root instanceof BodyTooLarge tooLarge ? tooLarge.getMessage() : e.getMessage();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = request.getRequestURI().startsWith(HttpProperties.HANDOVERS) ? maxHandoverBytes : maxBytes;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "body-too-large", message(limit));
            return;
        }
        // a body of unknown length is chunked; a request with neither length nor chunks has none (RFC 9112 §6.3)
        boolean chunked = declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        chain.doFilter(chunked ? new Limited(request, limit) : request, response);
    }

    private static String message(long limit) {
        return "The request body is larger than the limit of " + limit + " bytes";
    }

    private static final class BodyTooLarge extends IOException {
        BodyTooLarge(String message) {
            super(message);
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long count;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws BodyTooLarge {
            count += n;
            if (count > limit) {
                throw new BodyTooLarge(message(limit));
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
