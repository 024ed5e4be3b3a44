package org.carenet.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A connected Unix-domain {@link SocketChannel} seen through the part of {@link Socket} the PostgreSQL driver uses:
 * its streams, a read timeout ({@code SO_TIMEOUT}: the driver's {@code socketTimeout}, a pool's network timeout,
 * the peek for pending notifications), buffer sizes and close. TCP's options ({@code TCP_NODELAY}, keep-alive) have
 * no meaning here and are accepted as they are.
 *
 * <p>Reads without a timeout block on the channel (a virtual thread parks); a read with one switches the channel
 * to non-blocking for its duration and waits on a selector, which is rare: the driver sets a timeout only when
 * asked to (its {@code socketTimeout}, a pool validating an idle connection, a wait for notifications). Like any
 * connection of the driver, a socket is used by one thread at a time: no write runs while a timed read has the
 * channel non-blocking.
 */
final class UnixDomainSocket extends Socket {

    private final SocketChannel channel;
    private final Path file;
    private final InputStream in = new In();
    private final OutputStream out = new Out();
    private volatile int timeoutMillis;

    private UnixDomainSocket(SocketChannel channel, Path file) throws SocketException {
        super((SocketImpl) null);
        this.channel = channel;
        this.file = file;
    }

    static UnixDomainSocket connect(Path file) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(file));
            return new UnixDomainSocket(channel, file);
        } catch (IOException | RuntimeException e) {
            channel.close();
            ConnectException refused =
                    new ConnectException("cannot connect to PostgreSQL's socket " + file + ": " + e.getMessage());
            refused.initCause(e);
            throw refused;
        }
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        throw new SocketException("already connected to " + file);
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        throw new SocketException("a Unix-domain socket to PostgreSQL has no local address to bind");
    }

    @Override
    public boolean isConnected() {
        return channel.isConnected();
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public boolean isClosed() {
        return !channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        requireOpen();
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        requireOpen();
        return out;
    }

    @Override
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        requireOpen();
        this.timeoutMillis = timeout;
    }

    @Override
    public int getSoTimeout() throws SocketException {
        requireOpen();
        return timeoutMillis;
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        setBufferSize(StandardSocketOptions.SO_RCVBUF, size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return bufferSize(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        setBufferSize(StandardSocketOptions.SO_SNDBUF, size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return bufferSize(StandardSocketOptions.SO_SNDBUF);
    }

    private void setBufferSize(SocketOption<Integer> option, int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException(option.name() + " must be positive, not " + size);
        }
        onChannel(() -> channel.setOption(option, size));
    }

    private int bufferSize(SocketOption<Integer> option) throws SocketException {
        return onChannel(() -> channel.getOption(option));
    }

    private interface ChannelCall<T> {
        T call() throws IOException;
    }

    /** Socket's buffer-size methods may only throw a SocketException. */
    private static <T> T onChannel(ChannelCall<T> call) throws SocketException {
        try {
            return call.call();
        } catch (IOException e) {
            SocketException wrapped = new SocketException(e.getMessage());
            wrapped.initCause(e);
            throw wrapped;
        }
    }

    @Override
    public <T> Socket setOption(SocketOption<T> option, T value) throws IOException {
        channel.setOption(option, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> option) throws IOException {
        return channel.getOption(option);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return channel.supportedOptions();
    }

    @Override
    public void setTcpNoDelay(boolean on) {}

    @Override
    public boolean getTcpNoDelay() {
        return true;
    }

    @Override
    public void setKeepAlive(boolean on) {}

    @Override
    public boolean getKeepAlive() {
        return false;
    }

    @Override
    public InetAddress getInetAddress() {
        return null;
    }

    @Override
    public InetAddress getLocalAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public int getPort() {
        return 0;
    }

    @Override
    public int getLocalPort() {
        return -1;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return UnixDomainSocketAddress.of(file);
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return null;
    }

    @Override
    public String toString() {
        return "UnixDomainSocket[" + file + (isClosed() ? ", closed]" : "]");
    }

    private void requireOpen() throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
    }

    /** Reads at least one byte, or -1 at the end; within the timeout when one is set. */
    private int read(ByteBuffer buffer) throws IOException {
        int timeout = timeoutMillis;
        return timeout == 0 ? channel.read(buffer) : readWithin(buffer, timeout);
    }

    private synchronized int readWithin(ByteBuffer buffer, int timeout) throws IOException {
        channel.configureBlocking(false);
        try {
            int read = channel.read(buffer);
            if (read != 0) {
                return read;
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
            // closing the selector deregisters the channel, so that it can be made blocking again
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                while (true) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        throw new SocketTimeoutException("Read timed out after " + timeout + " ms");
                    }
                    selector.select(left);
                    read = channel.read(buffer);
                    if (read != 0) {
                        return read;
                    }
                }
            }
        } finally {
            if (channel.isOpen()) {
                channel.configureBlocking(true);
            }
        }
    }

    private final class In extends InputStream {

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            if (length == 0) {
                return 0;
            }
            return UnixDomainSocket.this.read(ByteBuffer.wrap(bytes, offset, length));
        }

        @Override
        public void close() throws IOException {
            UnixDomainSocket.this.close();
        }
    }

    private final class Out extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        @Override
        public void close() throws IOException {
            UnixDomainSocket.this.close();
        }
    }
}
