package org.carenet.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.SocketFactory;

/**
 * Connects the PostgreSQL driver to a server on the same machine through the server's Unix-domain socket instead
 * of loopback TCP: no TCP stack on either side of every query, which on a node whose database is local is a
 * noticeable part of a request's CPU. The JDK's own Unix-domain {@link java.nio.channels.SocketChannel} carries
 * it, so it needs no native library and a virtual thread waiting for an answer frees its carrier as on TCP.
 *
 * <p>The driver names it in the JDBC URL, with the socket file as its argument, see {@link #urlParameters}:
 * {@code jdbc:postgresql://localhost/carenet?socketFactory=org.carenet.platform.UnixDomainSocketFactory
 * &socketFactoryArg=/var/run/postgresql/.s.PGSQL.5432}. Host and port in the URL are then only names.
 */
public final class UnixDomainSocketFactory extends SocketFactory {

    private final Path socketFile;

    /** Called by the driver with {@code socketFactoryArg}: the server's socket file. */
    public UnixDomainSocketFactory(String socketFile) {
        if (socketFile == null || socketFile.isBlank()) {
            throw new IllegalArgumentException(
                    "socketFactoryArg must name PostgreSQL's socket file, e.g. /var/run/postgresql/.s.PGSQL.5432");
        }
        this.socketFile = Path.of(socketFile);
    }

    /** The query string that makes the driver connect through {@code socketFile}. */
    public static String urlParameters(Path socketFile) {
        return "socketFactory=" + UnixDomainSocketFactory.class.getName() + "&socketFactoryArg="
                + URLEncoder.encode(socketFile.toString(), StandardCharsets.UTF_8);
    }

    /** A socket connected to the server: the driver then uses it as it is. */
    @Override
    public Socket createSocket() throws IOException {
        return UnixDomainSocket.connect(socketFile);
    }

    // The driver only calls createSocket(); whatever host and port these name, the socket file is what connects.

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket();
    }
}
