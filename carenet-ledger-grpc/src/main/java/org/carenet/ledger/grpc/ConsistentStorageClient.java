package org.carenet.ledger.grpc;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.grpc.proto.ConsistentStorageGrpc;
import org.carenet.ledger.grpc.proto.GetRequest;
import org.carenet.ledger.grpc.proto.GetResponse;
import org.carenet.ledger.grpc.proto.PutRequest;
import org.carenet.ledger.grpc.proto.PutResponse;
import org.carenet.ledger.grpc.proto.RemoveRequest;
import org.carenet.ledger.grpc.proto.RemoveResponse;
import org.carenet.ledger.grpc.proto.TransferRequest;
import org.carenet.ledger.grpc.proto.TransferResponse;

/**
 * A thin client of one hospital's {@code ConsistentStorage}: the seed's calls, blocking or as futures, each with a
 * deadline and, if given, the caller's bearer token. Answers are the seed's messages as they came; a failed call
 * throws (or completes with) gRPC's {@link io.grpc.StatusRuntimeException}. One client multiplexes any number of
 * concurrent calls over one connection.
 */
public final class ConsistentStorageClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final ConsistentStorageGrpc.ConsistentStorageBlockingStub blocking;
    private final ConsistentStorageGrpc.ConsistentStorageFutureStub futures;
    private final long deadlineMillis;

    /**
     * @param channel the connection, which this client closes
     * @param token sent with every call, if present
     * @param deadline how long each call may take
     */
    public ConsistentStorageClient(ManagedChannel channel, Optional<BearerToken> token, Duration deadline) {
        this.channel = channel;
        this.deadlineMillis = deadline.toMillis();
        ConsistentStorageGrpc.ConsistentStorageBlockingStub blockingStub =
                ConsistentStorageGrpc.newBlockingStub(channel);
        ConsistentStorageGrpc.ConsistentStorageFutureStub futureStub = ConsistentStorageGrpc.newFutureStub(channel);
        if (token.isPresent()) {
            blockingStub = blockingStub.withCallCredentials(token.get());
            futureStub = futureStub.withCallCredentials(token.get());
        }
        this.blocking = blockingStub;
        this.futures = futureStub;
    }

    /** A client of {@code target} (e.g. {@code 127.0.0.1:9000}) over plaintext HTTP/2, as the seed's hospitals talk. */
    public static ConsistentStorageClient plaintext(String target, Optional<BearerToken> token, Duration deadline) {
        return new ConsistentStorageClient(
                NettyChannelBuilder.forTarget(target).usePlaintext().build(), token, deadline);
    }

    public GetResponse get(String key, boolean sync) {
        return blocking().get(getRequest(key, sync));
    }

    public PutResponse put(String key, String value) {
        return blocking().put(putRequest(key, value));
    }

    public RemoveResponse remove(String key) {
        return blocking().remove(RemoveRequest.newBuilder().setKey(key).build());
    }

    public TransferResponse transfer(String key, HospitalId newOwner) {
        return blocking().transfer(transferRequest(key, newOwner));
    }

    public CompletableFuture<GetResponse> getAsync(String key, boolean sync) {
        return completable(futures().get(getRequest(key, sync)));
    }

    public CompletableFuture<PutResponse> putAsync(String key, String value) {
        return completable(futures().put(putRequest(key, value)));
    }

    public CompletableFuture<RemoveResponse> removeAsync(String key) {
        return completable(
                futures().remove(RemoveRequest.newBuilder().setKey(key).build()));
    }

    public CompletableFuture<TransferResponse> transferAsync(String key, HospitalId newOwner) {
        return completable(futures().transfer(transferRequest(key, newOwner)));
    }

    /** The generated stub with this client's deadline and token, for requests the typed methods cannot express. */
    ConsistentStorageGrpc.ConsistentStorageBlockingStub blocking() {
        return blocking.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }

    private ConsistentStorageGrpc.ConsistentStorageFutureStub futures() {
        return futures.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }

    private static GetRequest getRequest(String key, boolean sync) {
        return GetRequest.newBuilder().setKey(key).setSync(sync).build();
    }

    private static PutRequest putRequest(String key, String value) {
        return PutRequest.newBuilder()
                .setKey(key)
                .setValue(ByteString.copyFromUtf8(value))
                .build();
    }

    private static TransferRequest transferRequest(String key, HospitalId newOwner) {
        return TransferRequest.newBuilder()
                .setKey(key)
                .setNewOwner(newOwner.value())
                .build();
    }

    private static <T> CompletableFuture<T> completable(ListenableFuture<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                call.cancel(mayInterruptIfRunning);
                return super.cancel(mayInterruptIfRunning);
            }
        };
        Futures.addCallback(
                call,
                new FutureCallback<>() {
                    @Override
                    public void onSuccess(T value) {
                        result.complete(value);
                    }

                    @Override
                    public void onFailure(Throwable failure) {
                        result.completeExceptionally(failure);
                    }
                },
                MoreExecutors.directExecutor());
        return result;
    }

    /** Closes the connection, letting calls in flight finish for a few seconds. */
    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
