package org.carenet.cli.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
