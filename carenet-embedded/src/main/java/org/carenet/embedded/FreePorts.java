package org.carenet.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Finds TCP ports on the loopback interface that nobody listens on right now. */
public final class FreePorts {

    private FreePorts() {}

    /**
     * Distinct free ports. All are held open until every one is found, so the same port is never returned twice;
     * another process may still take one before the caller binds it.
     */
    public static int[] find(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on the loopback interface", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe socket that was only bound: nothing to recover
                }
            }
        }
    }

    /** One free port. */
    public static int find() {
        return find(1)[0];
    }
}
