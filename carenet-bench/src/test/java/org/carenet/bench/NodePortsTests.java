package org.carenet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class NodePortsTests {

    @Test
    void aPortSomeoneListensOnStopsTheBenchmarkWithWhatToDo() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> NodePorts.requireFree(port, 1))
                    .isInstanceOf(NodePorts.PortsInUseException.class)
                    .hasMessageContaining("port " + port + " is in use")
                    .hasMessageContaining("Stop whatever listens there");
        }
    }

    @Test
    void aPortNobodyListensOnIsFree() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }

        assertThat(NodePorts.isFree(port)).isTrue();
    }
}
