package org.carenet.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.carenet.cli.network.Network;

/** The HTTP ports a benchmark's network takes: hospital <i>i</i> listens on {@link Network#FIRST_HTTP_PORT} + i. */
final class NodePorts {

    private NodePorts() {}

    /**
     * Checks that the ports of {@code hospitals} nodes are free, so that a benchmark fails at once with a clear
     * message instead of measuring, or talking to, whatever already listens there.
     *
     * @throws PortsInUseException if one is taken
     */
    static void requireFree(int hospitals) {
        requireFree(Network.FIRST_HTTP_PORT, hospitals);
    }

    static void requireFree(int firstPort, int count) {
        for (int port = firstPort; port < firstPort + count; port++) {
            if (!isFree(port)) {
                throw new PortsInUseException("port " + port + " is in use: a benchmark starts its own network on"
                        + " ports " + firstPort + " and up. Stop whatever listens there (another 'carenet network"
                        + " start'?) and run it again.");
            }
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // the same wildcard bind a node's web server does, so that a listener on any address is seen
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port a benchmark needs is taken. */
    static final class PortsInUseException extends IllegalStateException {

        PortsInUseException(String message) {
            super(message);
        }
    }
}
