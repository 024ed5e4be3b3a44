package org.carenet.network.internal;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicReference;
import org.carenet.access.AccessGate;
import org.carenet.access.AccessProblems;
import org.carenet.access.CurrentUser;
import org.carenet.access.Operation;
import org.carenet.access.Resource;
import org.carenet.ledger.grpc.BearerToken;
import org.carenet.ledger.grpc.proto.GetRequest;
import org.carenet.ledger.grpc.proto.PutRequest;
import org.carenet.ledger.grpc.proto.RemoveRequest;
import org.carenet.ledger.grpc.proto.TransferRequest;

/**
 * Puts every gRPC call to the ledger through the {@link AccessGate}, as HTTP calls are: the bearer token in the
 * {@code authorization} metadata is authenticated, the permission matrix decides (LEDGER: Get is READ, Put and
 * Transfer UPDATE, Remove DELETE), and the refusal or outcome is audited with the key.
 */
final class GrpcCallers implements ServerInterceptor {

    private static final String MISSING_TOKEN = "This service needs an access token: authorization: Bearer <token>";

    private final AccessGate gate;

    GrpcCallers(AccessGate gate) {
        this.gate = gate;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String token = BearerToken.presentedIn(headers).orElse(null);
        AtomicReference<Admitted> admitted = new AtomicReference<>();
        ServerCall<Q, A> audited = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                Admitted caller = admitted.get();
                if (caller != null) {
                    gate.completed(
                            caller.user(),
                            caller.operation(),
                            Resource.LEDGER,
                            caller.key(),
                            status.isOk() ? null : "gRPC " + status.getCode());
                }
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> delegate = next.startCall(audited, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                Operation operation = operationOf(message);
                String key = keyOf(message);
                try {
                    CurrentUser user = gate.admit(token, MISSING_TOKEN, Resource.LEDGER, operation, key);
                    admitted.set(new Admitted(user, operation, key));
                } catch (AccessProblems.Unauthenticated e) {
                    refuse(Status.UNAUTHENTICATED.withDescription(e.getMessage()));
                    return;
                } catch (AccessProblems.Forbidden e) {
                    refuse(Status.PERMISSION_DENIED.withDescription(e.getMessage()));
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }

            private void refuse(Status status) {
                refused = true;
                call.close(status, new Metadata());
            }
        };
    }

    private record Admitted(CurrentUser user, Operation operation, String key) {}

    private static Operation operationOf(Object message) {
        return switch (message) {
            case GetRequest ignored -> Operation.READ;
            case RemoveRequest ignored -> Operation.DELETE;
            default -> Operation.UPDATE;
        };
    }

    private static String keyOf(Object message) {
        return switch (message) {
            case GetRequest get -> get.getKey();
            case PutRequest put -> put.getKey();
            case RemoveRequest remove -> remove.getKey();
            case TransferRequest transfer -> transfer.getKey();
            default -> null;
        };
    }
}
