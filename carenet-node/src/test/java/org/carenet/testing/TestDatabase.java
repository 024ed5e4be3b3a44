package org.carenet.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives each test application context a database of its own and a private data directory.
 *
 * <p>The PostgreSQL server is the machine's when {@code CARENET_TEST_POSTGRES} names one (a JDBC URL of a database
 * to connect to for creating others, user {@code postgres}), and otherwise a real PostgreSQL started from the
 * embedded binaries once per test run. Databases on a shared server are dropped when their context closes.
 */
@Order(0)
public final class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final String ENVIRONMENT = "CARENET_TEST_POSTGRES";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String name =
                "carenet_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Server server = Server.get();
        server.execute("create database " + name);
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("carenet-node-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "testDatabase",
                        Map.of(
                                "spring.datasource.url", server.url(name),
                                "spring.datasource.username", server.username(),
                                "spring.datasource.password", "",
                                "carenet.node.data-dir", dataDir.toString())));
        if (server.shared()) {
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) {
                    server.execute("drop database if exists " + name + " with (force)");
                }
            });
        }
    }

    /** A JDBC URL for a new, empty database of the test server, for tests that need one outside Spring. */
    public static String newDatabase() {
        String name =
                "carenet_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Server server = Server.get();
        server.execute("create database " + name);
        return server.url(name);
    }

    public static String username() {
        return Server.get().username();
    }

    private record Server(String adminUrl, String host, int port, boolean shared) {

        private static Server instance;

        static synchronized Server get() {
            if (instance == null) {
                instance = start();
            }
            return instance;
        }

        private static Server start() {
            String external = System.getenv(ENVIRONMENT);
            if (external != null && !external.isBlank()) {
                var uri = java.net.URI.create(external.substring("jdbc:".length()));
                return new Server(external, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), true);
            }
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
                return new Server(postgres.getJdbcUrl("postgres", "postgres"), "localhost", postgres.getPort(), false);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
        }

        String username() {
            return "postgres";
        }

        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database.toLowerCase(Locale.ROOT);
        }

        void execute(String sql) {
            try (Connection connection = DriverManager.getConnection(adminUrl, "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("could not run '" + sql + "' on the test PostgreSQL", e);
            }
        }
    }
}
