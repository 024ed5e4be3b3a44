package org.carenet.bench;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One client's HTTP/1.1 connection for a closed loop: a blocking socket kept alive between requests, and reopened when
 * the server closes it. The load generator shares the two cores with the nodes it measures, and the JDK's
 * asynchronous client spends several times what this does per request (its selector thread hands every answer over):
 * the leaner the client, the more of the machine the measurement gives to the node.
 *
 * <p>It sends one request prepared once as bytes ({@link #encode}) and reads the answer's status and body, by
 * {@code Content-Length} or chunked.
 */
final class KeepAliveConnection implements Closeable {

    /** An answer: its status, and its body as text. */
    record Answer(int status, String body) {}

    private static final int MAX_HEADER_LINE = 16 * 1024;

    private final InetSocketAddress address;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /**
     * The answer's bytes read from the socket and not yet parsed, {@code buffer[position, limit)}. Read here rather
     * than through a {@code BufferedInputStream}, which takes a lock for every byte of every header line.
     */
    private final byte[] buffer = new byte[16 * 1024];

    private int position;
    private int limit;
    private byte[] line = new byte[256];

    KeepAliveConnection(URI target, Duration timeout) {
        this.address = new InetSocketAddress(target.getHost(), target.getPort() < 0 ? 80 : target.getPort());
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    /** The request as HTTP/1.1 bytes: request line, its headers, Host, Content-Length, and the body. */
    static byte[] encode(HttpRequest request) {
        URI uri = request.uri();
        byte[] body = body(request);
        StringBuilder head = new StringBuilder();
        head.append(request.method())
                .append(' ')
                .append(uri.getRawPath())
                .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                .append(" HTTP/1.1\r\n");
        head.append("Host: ")
                .append(uri.getHost())
                .append(':')
                .append(uri.getPort())
                .append("\r\n");
        for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
            for (String value : header.getValue()) {
                head.append(header.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        if (body.length > 0 || !request.method().equals("GET")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** Sends {@code request} (from {@link #encode}) and waits for the answer, opening the connection if need be. */
    Answer send(byte[] request) throws IOException {
        if (socket == null) {
            open();
        }
        try {
            out.write(request);
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a connection we give up on: nothing left to do with it
            }
            socket = null;
        }
    }

    private void open() throws IOException {
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.connect(address, timeoutMillis);
            opened.setSoTimeout(timeoutMillis);
            in = opened.getInputStream();
            out = opened.getOutputStream();
            position = 0;
            limit = 0;
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        socket = opened;
    }

    private Answer read() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new ProtocolException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = (int) number(statusLine.substring(9, 12), 10, "status");
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                throw new ProtocolException("not a header: " + header);
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = number(value, 10, "content length");
                case "transfer-encoding" ->
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closes = value.equalsIgnoreCase("close");
                default -> {}
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(length > 0 ? (int) length : 512);
        if (chunked) {
            for (long size = chunkSize(line()); size > 0; size = chunkSize(line())) {
                copy(size, body);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            body.write(buffer, position, limit - position);
            position = limit;
            in.transferTo(body);
            closes = true;
        }
        if (closes) {
            close();
        }
        return new Answer(status, body.toString(StandardCharsets.UTF_8));
    }

    private void copy(long count, ByteArrayOutputStream to) throws IOException {
        long left = count;
        while (left > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("the connection closed inside a body");
            }
            int taken = (int) Math.min(left, limit - position);
            to.write(buffer, position, taken);
            position += taken;
            left -= taken;
        }
    }

    /** Reads what the socket has into the emptied buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private static long chunkSize(String line) throws ProtocolException {
        int extension = line.indexOf(';');
        return number((extension < 0 ? line : line.substring(0, extension)).trim(), 16, "chunk size");
    }

    /** A number the answer gives; a malformed one is a protocol error, so the connection is closed and counted. */
    private static long number(String text, int radix, String what) throws ProtocolException {
        try {
            long number = Long.parseLong(text, radix);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new ProtocolException("not a " + what + ": " + text);
        }
    }

    /** One line without its CRLF. */
    private String line() throws IOException {
        int length = 0;
        while (true) {
            if (position == limit && !fill()) {
                throw new EOFException("the connection closed inside an answer");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                return new String(line, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (length >= MAX_HEADER_LINE) {
                throw new ProtocolException("a header line longer than " + MAX_HEADER_LINE + " bytes");
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(2 * length, MAX_HEADER_LINE));
            }
            line[length++] = b;
        }
    }

    /** The bytes a request's body publisher gives (none for a request without a body). */
    private static byte[] body(HttpRequest request) {
        if (request.bodyPublisher().isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        request.bodyPublisher().get().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                collected.writeBytes(bytes);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(collected.toByteArray());
            }
        });
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalArgumentException("the request's body could not be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a request's body", e);
        }
    }
}
