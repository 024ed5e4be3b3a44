package org.carenet.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Empty PostgreSQL databases for tests, one per caller. The server is the machine's when {@code
 * CARENET_TEST_POSTGRES} names one (a JDBC URL of a database to connect to for creating others, user {@code
 * postgres}, no password), and otherwise a real PostgreSQL started from the embedded binaries once per JVM.
 */
public final class TestDatabases {

    private static final String ENVIRONMENT = "CARENET_TEST_POSTGRES";
    private static Server server;

    private TestDatabases() {}

    /** A JDBC URL of a new, empty database. */
    public static String create() {
        String name =
                "carenet_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        server().execute("create database " + name);
        return server().url(name);
    }

    /** Drops a database made by {@link #create()}, if the server outlives this JVM. */
    public static void drop(String url) {
        if (server().shared()) {
            String name = url.substring(url.lastIndexOf('/') + 1);
            server().execute("drop database if exists " + name + " with (force)");
        }
    }

    public static String username() {
        return "postgres";
    }

    public static String password() {
        return "";
    }

    /** Whether the server is shared with other runs, so that what a test creates must be dropped. */
    public static boolean shared() {
        return server().shared();
    }

    private static synchronized Server server() {
        if (server == null) {
            server = Server.start();
        }
        return server;
    }

    private record Server(String adminUrl, String host, int port, boolean shared) {

        static Server start() {
            String external = System.getenv(ENVIRONMENT);
            if (external != null && !external.isBlank()) {
                URI uri = URI.create(external.substring("jdbc:".length()));
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

        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database.toLowerCase(Locale.ROOT);
        }

        void execute(String sql) {
            try (Connection connection = DriverManager.getConnection(adminUrl, username(), password());
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("could not run '" + sql + "' on the test PostgreSQL", e);
            }
        }
    }
}
