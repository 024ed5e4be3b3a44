package org.carenet.ledger.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.LedgerUnavailableException;
import org.carenet.ledger.Outcome;
import org.carenet.ledger.grpc.proto.ConsistentStorageGrpc;
import org.carenet.ledger.grpc.proto.GetRequest;
import org.carenet.ledger.grpc.proto.GetResponse;
import org.carenet.ledger.grpc.proto.PutRequest;
import org.carenet.ledger.grpc.proto.PutResponse;
import org.carenet.ledger.grpc.proto.RemoveRequest;
import org.carenet.ledger.grpc.proto.RemoveResponse;
import org.carenet.ledger.grpc.proto.TransferRequest;
import org.carenet.ledger.grpc.proto.TransferResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code ConsistentStorage} over one hospital's {@link Ledger}. The rules' refusals are answers, in-band
 * as the seed gave them; a malformed request is {@code INVALID_ARGUMENT}; a backend that did not order or apply in
 * time is {@code UNAVAILABLE} (the write's outcome is then unknown).
 *
 * <p>Writes do not hold a thread while the entry is ordered: the reply is sent on {@code responses} once the
 * ledger's future completes, which also keeps the replica's applying thread free of gRPC work.
 */
public final class ConsistentStorageService extends ConsistentStorageGrpc.ConsistentStorageImplBase {

    private static final Logger log = LoggerFactory.getLogger(ConsistentStorageService.class);

    private final Ledger ledger;
    private final Executor responses;

    public ConsistentStorageService(Ledger ledger, Executor responses) {
        this.ledger = ledger;
        this.responses = responses;
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> observer) {
        reply(observer, () -> {
            String key = Arguments.key(request.getKey());
            return Responses.lookup(request.getSync() ? ledger.getSynced(key) : ledger.get(key));
        });
    }

    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> observer) {
        write(
                observer,
                () -> ledger.put(Arguments.key(request.getKey()), Arguments.text(request.getValue())),
                outcome -> Responses.put(outcome, ledger.hospital()));
    }

    @Override
    public void remove(RemoveRequest request, StreamObserver<RemoveResponse> observer) {
        write(observer, () -> ledger.remove(Arguments.key(request.getKey())), Responses::remove);
    }

    @Override
    public void transfer(TransferRequest request, StreamObserver<TransferResponse> observer) {
        write(
                observer,
                () -> ledger.transfer(Arguments.key(request.getKey()), Arguments.hospital(request.getNewOwner())),
                Responses::transfer);
    }

    private <T> void write(
            StreamObserver<T> observer, Supplier<CompletableFuture<Outcome>> write, Function<Outcome, T> response) {
        CompletableFuture<Outcome> outcome;
        try {
            outcome = write.get();
        } catch (RuntimeException failure) {
            observer.onError(statusOf(failure));
            return;
        }
        outcome.whenCompleteAsync(
                (result, failure) -> {
                    if (failure != null) {
                        observer.onError(statusOf(failure));
                    } else {
                        reply(observer, () -> response.apply(result));
                    }
                },
                responses);
    }

    private static <T> void reply(StreamObserver<T> observer, Supplier<T> response) {
        T value;
        try {
            value = response.get();
        } catch (RuntimeException failure) {
            observer.onError(statusOf(failure));
            return;
        }
        observer.onNext(value);
        observer.onCompleted();
    }

    /** What the caller is told about a failure; causes it cannot act on are logged here, not sent. */
    static StatusException statusOf(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return switch (cause) {
            case StatusRuntimeException status -> status.getStatus().asException(status.getTrailers());
            case StatusException status -> status;
            case LedgerUnavailableException unavailable ->
                Status.UNAVAILABLE.withDescription(unavailable.getMessage()).asException();
            case IllegalArgumentException invalid ->
                Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asException();
            case Responses.OwnEntryRefusedException refused -> {
                log.error("{}", refused.getMessage());
                yield Status.INTERNAL.withDescription(refused.getMessage()).asException();
            }
            default -> {
                log.warn("a ledger call failed", cause);
                yield Status.INTERNAL
                        .withDescription(
                                "the ledger failed: " + cause.getClass().getSimpleName())
                        .asException();
            }
        };
    }
}
