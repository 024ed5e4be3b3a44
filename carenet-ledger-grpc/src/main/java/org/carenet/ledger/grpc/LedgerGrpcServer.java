package org.carenet.ledger.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.grpc.proto.ConsistentStorageGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hospital's gRPC endpoint: the seed's {@code ConsistentStorage} over its ledger, behind the interceptors the
 * node supplies (authentication, audit), and the standard {@code grpc.health.v1.Health} service, left outside the
 * interceptors so that probes need no credentials.
 *
 * <p>Calls run on virtual threads: a synced read may wait for the replica to catch up without holding a platform
 * thread. The server does not own the ledger; whoever made the ledger closes it, after this server.
 */
public final class LedgerGrpcServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerGrpcServer.class);

    /** Values are at most 64 Ki characters, at most 4 bytes each: anything larger is not a ledger request. */
    private static final int MAX_REQUEST_BYTES = 512 * 1024;

    /**
     * @param host the address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port the port to listen on; 0 for any free one (see {@link #port()})
     * @param shutdownGrace how long {@link #close()} lets calls in progress finish before cancelling them
     */
    public record Settings(String host, int port, Duration shutdownGrace) {

        public Settings {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("a port is 0 to 65535, not " + port);
            }
            if (shutdownGrace.isNegative()) {
                throw new IllegalArgumentException("the shutdown grace is not negative: " + shutdownGrace);
            }
        }
    }

    private final Server server;
    private final HealthStatusManager health;
    private final ExecutorService calls;
    private final Duration shutdownGrace;

    private LedgerGrpcServer(Server server, HealthStatusManager health, ExecutorService calls, Duration grace) {
        this.server = server;
        this.health = health;
        this.calls = calls;
        this.shutdownGrace = grace;
    }

    /**
     * Starts serving {@code ledger}. Every call to {@code ConsistentStorage} passes through {@code interceptors} in
     * the order given (the first sees it first), so an interceptor that closes the call with {@code
     * UNAUTHENTICATED} keeps it from the ledger.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static LedgerGrpcServer start(
            Settings settings, Ledger ledger, List<? extends ServerInterceptor> interceptors) {
        ExecutorService calls = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("grpc-ledger-", 0).factory());
        HealthStatusManager health = new HealthStatusManager();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), settings.port()))
                .executor(calls)
                .maxInboundMessageSize(MAX_REQUEST_BYTES)
                .addService(ServerInterceptors.interceptForward(
                        new ConsistentStorageService(ledger, calls), List.copyOf(interceptors)))
                .addService(health.getHealthService())
                .build();
        try {
            server.start();
        } catch (IOException e) {
            calls.shutdownNow();
            throw new UncheckedIOException(
                    "cannot serve the ledger's gRPC on " + settings.host() + ":" + settings.port(), e);
        }
        health.setStatus(ConsistentStorageGrpc.SERVICE_NAME, ServingStatus.SERVING);
        log.info(
                "{} serves ConsistentStorage over its {} ledger on gRPC {}:{}",
                ledger.hospital(),
                ledger.backend(),
                settings.host(),
                server.getPort());
        return new LedgerGrpcServer(server, health, calls, settings.shutdownGrace());
    }

    /** The port it listens on, once bound: the one asked for, or the free one chosen for port 0. */
    public int port() {
        return server.getPort();
    }

    /**
     * Stops taking calls, lets those in progress finish for the shutdown grace, then cancels what is left. A write
     * cancelled here may still apply: the caller learns its outcome by reading the key.
     */
    @Override
    public void close() {
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("gRPC calls still running after {} ms: cancelling them", shutdownGrace.toMillis());
                server.shutdownNow();
                server.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            calls.shutdownNow();
        }
    }
}
