package org.carenet.cli.network;

import java.net.URI;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;

/** One hospital's node running in this JVM, as started by a {@link Network}. */
public final class RunningNode implements AutoCloseable {

    private final Hospital hospital;
    private final int port;
    private final ConfigurableApplicationContext context;
    private final Optional<String> generatedAdminPassword;
    private final boolean adminPasswordGiven;

    RunningNode(
            Hospital hospital,
            int port,
            ConfigurableApplicationContext context,
            Optional<String> generatedAdminPassword,
            boolean adminPasswordGiven) {
        this.hospital = hospital;
        this.port = port;
        this.context = context;
        this.generatedAdminPassword = generatedAdminPassword;
        this.adminPasswordGiven = adminPasswordGiven;
    }

    public Hospital hospital() {
        return hospital;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public URI healthUrl() {
        return baseUrl().resolve("/actuator/health");
    }

    /** The initial admin's password, present only when this start generated it. */
    public Optional<String> generatedAdminPassword() {
        return generatedAdminPassword;
    }

    /** Whether the admin's password was given to the node (CARENET_ADMIN_PASSWORD) rather than generated. */
    public boolean adminPasswordGiven() {
        return adminPasswordGiven;
    }

    /** The node's Spring context, for callers in this JVM (benchmarks) that need its beans. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    /** Stops the node. */
    @Override
    public void close() {
        context.close();
    }

    @Override
    public String toString() {
        return hospital.id() + "@" + baseUrl();
    }
}
