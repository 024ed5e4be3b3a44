package org.carenet.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.carenet.embedded.EmbeddedDatabaseServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

class UnixDomainSocketFactoryIT {

    @TempDir
    static Path data;

    private static EmbeddedDatabaseServer server;
    private static Path socket;

    @BeforeAll
    static void startServer() {
        server = EmbeddedDatabaseServer.start(data.resolve("postgres"));
        socket = server.socketFile().orElseThrow();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void queriesGoThroughTheSocketFileNotTcp() throws SQLException {
        try (Connection connection = connect(socket, "");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select inet_client_addr() is null, 6 * 7")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getBoolean(1)).as("a session without a TCP peer").isTrue();
            assertThat(row.getInt(2)).isEqualTo(42);
        }
    }

    @Test
    void aMillionBytesGoBothWaysIntact() throws Exception {
        String sent = "0123456789".repeat(100_000);
        String digest = HexFormat.of()
                .formatHex(MessageDigest.getInstance("MD5").digest(sent.getBytes(StandardCharsets.UTF_8)));
        try (Connection connection = connect(socket, "");
                PreparedStatement statement = connection.prepareStatement("select ?::text, md5(?::text)")) {
            statement.setString(1, sent);
            statement.setString(2, sent);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).as("what came back").isEqualTo(sent);
                assertThat(row.getString(2)).as("what the server received").isEqualTo(digest);
            }
        }
    }

    @Test
    void aQueryLongerThanTheSocketTimeoutFailsAndClosesTheConnection() throws SQLException {
        try (Connection connection = connect(socket, "&socketTimeout=1");
                Statement statement = connection.createStatement()) {
            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(() -> statement.execute("select pg_sleep(3)"))
                    .havingRootCause()
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(connection.isClosed()).isTrue();
        }
    }

    @Test
    void waitingForNotificationsTimesOutWithoutBreakingTheConnectionAndThenReceivesThem() throws SQLException {
        try (Connection listener = connect(socket, "");
                Connection notifier = connect(socket, "");
                Statement listen = listener.createStatement();
                Statement notify = notifier.createStatement()) {
            listen.execute("LISTEN ward_7");
            PGConnection pg = listener.unwrap(PGConnection.class);

            assertThat(pg.getNotifications(200)).isEmpty();

            notify.execute("NOTIFY ward_7, 'bed 3 is free'");
            PGNotification[] received = pg.getNotifications(10_000);
            assertThat(received).hasSize(1);
            assertThat(received[0].getParameter()).isEqualTo("bed 3 is free");
            assertThat(listener.isValid(5)).isTrue();
        }
    }

    @Test
    void aMissingSocketFileIsRefusedByName() {
        Path missing = data.resolve("no-server-here/.s.PGSQL.5432");

        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> connect(missing, "").close())
                .withStackTraceContaining("cannot connect to PostgreSQL's socket " + missing);
    }

    private static Connection connect(Path socketFile, String moreParameters) throws SQLException {
        return DriverManager.getConnection(
                server.jdbcUrl("postgres") + "?" + UnixDomainSocketFactory.urlParameters(socketFile) + moreParameters,
                server.username(),
                server.password());
    }
}
