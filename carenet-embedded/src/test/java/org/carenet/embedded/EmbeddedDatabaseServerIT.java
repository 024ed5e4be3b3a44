package org.carenet.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseServerIT {

    @TempDir
    Path data;

    @Test
    void serverKeepsItsDatabasesAndRowsAcrossRestartsOverTheSameDirectory() throws SQLException {
        Path directory = data.resolve("postgres");
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(directory)) {
            server.createDatabaseIfMissing("miriam_hospital");
            try (Connection connection = connect(server, "miriam_hospital");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE patient (id int PRIMARY KEY, name text NOT NULL)");
                statement.execute("INSERT INTO patient VALUES (1, 'Ada Lovelace')");
            }
        }

        try (EmbeddedDatabaseServer restarted = EmbeddedDatabaseServer.start(directory)) {
            restarted.createDatabaseIfMissing("miriam_hospital");
            try (Connection connection = connect(restarted, "miriam_hospital");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT name FROM patient WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("name")).isEqualTo("Ada Lovelace");
            }
        }
    }

    @Test
    void theServersSocketFileIsThereForThisUserOnly() throws Exception {
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(data.resolve("postgres"))) {
            Path socket = server.socketFile().orElseThrow();

            assertThat(socket.getFileName()).hasToString(".s.PGSQL." + server.port());
            assertThat(Files.getPosixFilePermissions(socket))
                    .containsExactlyInAnyOrder(
                            PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE);
        }
    }

    @Test
    void creatingAnExistingDatabaseAgainChangesNothing() throws SQLException {
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(data.resolve("postgres"))) {
            server.createDatabaseIfMissing("newport_hospital");
            server.createDatabaseIfMissing("newport_hospital");

            try (Connection connection = connect(server, "newport_hospital")) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void aServerLeftRunningByAKilledProcessIsStoppedAndTheDataIsKept() throws Exception {
        Path directory = data.resolve("postgres");
        Process killed = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        KilledOwner.class.getName(),
                        directory.toString())
                .inheritIO()
                .start();
        assertThat(killed.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(killed.exitValue()).isEqualTo(KilledOwner.HALTED);
        long leftover = Long.parseLong(Files.readAllLines(directory.resolve("postmaster.pid"))
                .getFirst()
                .strip());
        assertThat(ProcessHandle.of(leftover).map(ProcessHandle::isAlive)).contains(true);

        try (EmbeddedDatabaseServer restarted = EmbeddedDatabaseServer.start(directory);
                Connection connection = connect(restarted, "newport_hospital");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM patient")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(7);
        }
        assertThat(ProcessHandle.of(leftover).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }

    /** Starts a server, writes a row, and dies without any shutdown hook running, as a process killed with -9. */
    static final class KilledOwner {

        static final int HALTED = 9;

        public static void main(String[] args) throws SQLException {
            EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(Path.of(args[0]), 0, false);
            server.createDatabaseIfMissing("newport_hospital");
            try (Connection connection = connect(server, "newport_hospital");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE patient (id int PRIMARY KEY)");
                statement.execute("INSERT INTO patient VALUES (7)");
            }
            Runtime.getRuntime().halt(HALTED);
        }
    }

    @Test
    void committedDataIsFlushedToDiskAsInProduction() throws SQLException {
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(data.resolve("postgres"));
                Connection connection = connect(server, "postgres");
                Statement statement = connection.createStatement()) {
            for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                try (ResultSet value = statement.executeQuery("SHOW " + setting)) {
                    assertThat(value.next()).isTrue();
                    assertThat(value.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    private static Connection connect(EmbeddedDatabaseServer server, String database) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(database), server.username(), server.password());
    }
}
