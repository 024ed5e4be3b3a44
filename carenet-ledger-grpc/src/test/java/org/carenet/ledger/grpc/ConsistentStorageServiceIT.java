package org.carenet.ledger.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.carenet.ledger.grpc.NetworkFixture.MIRIAM;
import static org.carenet.ledger.grpc.NetworkFixture.NEWPORT;
import static org.carenet.ledger.grpc.NetworkFixture.RHODE_ISLAND;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.carenet.embedded.FreePorts;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.grpc.proto.GetRequest;
import org.carenet.ledger.grpc.proto.GetResponse;
import org.carenet.ledger.grpc.proto.PutRequest;
import org.carenet.ledger.grpc.proto.PutResponse;
import org.carenet.ledger.grpc.proto.RemoveError;
import org.carenet.ledger.grpc.proto.RemoveRequest;
import org.carenet.ledger.grpc.proto.RemoveResponse;
import org.carenet.ledger.grpc.proto.TransferError;
import org.carenet.ledger.grpc.proto.TransferRequest;
import org.carenet.ledger.grpc.proto.TransferResponse;
import org.carenet.ledger.grpc.seed.SeedConsistentStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The seed's ConsistentStorage, through real gRPC servers, over three hospitals' real ledgers and replicas. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsistentStorageServiceIT {

    private static final Duration LEDGER_TIMEOUT = Duration.ofSeconds(2);

    private ThreeHospitals hospitals;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    void startHospitals() {
        hospitals = new ThreeHospitals(LEDGER_TIMEOUT);
    }

    @AfterAll
    void stopHospitals() {
        hospitals.close();
    }

    @AfterEach
    void undoDisruptionsAndCloseClients() throws Exception {
        hospitals.log.refuseAppends(false);
        NetworkFixture.HOSPITALS.forEach(hospitals.log::resumeDeliveryTo);
        for (AutoCloseable client : clients) {
            client.close();
        }
        clients.clear();
    }

    private ConsistentStorageClient at(HospitalId hospital) {
        ConsistentStorageClient client = hospitals.client(hospital);
        clients.add(client);
        return client;
    }

    private static String newKey() {
        return "patient-" + UUID.randomUUID();
    }

    @Test
    void theSeedsScenarioPlaysOutAcrossThreeHospitals() {
        ConsistentStorageClient rhodeIsland = at(RHODE_ISLAND);
        ConsistentStorageClient miriam = at(MIRIAM);
        ConsistentStorageClient newport = at(NEWPORT);
        String key = newKey();

        assertThat(rhodeIsland.put(key, "card-1"))
                .isEqualTo(PutResponse.newBuilder()
                        .setOk(true)
                        .setOwner(RHODE_ISLAND.value())
                        .build());
        assertThat(rhodeIsland.get(key, false))
                .isEqualTo(GetResponse.newBuilder()
                        .setExists(true)
                        .setValue(ByteString.copyFromUtf8("card-1"))
                        .setIsOwner(true)
                        .setOwner(RHODE_ISLAND.value())
                        .build());

        PutResponse taken = miriam.put(key, "card-2");
        assertThat(taken.getOk()).isFalse();
        assertThat(taken.getOwner()).isEqualTo(RHODE_ISLAND.value());
        assertThat(taken.getDetail()).contains(RHODE_ISLAND.value());

        assertThat(rhodeIsland.transfer(key, MIRIAM).getTransferred()).isTrue();
        GetResponse atMiriam = miriam.get(key, true);
        assertThat(atMiriam.getIsOwner()).isTrue();
        assertThat(atMiriam.getOwner()).isEqualTo(MIRIAM.value());
        assertThat(atMiriam.getValue().toStringUtf8())
                .as("a transfer keeps the value")
                .isEqualTo("card-1");

        RemoveResponse notOwner = rhodeIsland.remove(key);
        assertThat(notOwner.getRemoved()).isFalse();
        assertThat(notOwner.getErrorType()).isEqualTo(RemoveError.REMOVE_NOT_OWNER);
        assertThat(notOwner.getOwner()).isEqualTo(MIRIAM.value());

        assertThat(miriam.remove(key).getRemoved()).isTrue();
        assertThat(newport.get(key, true).getExists()).isFalse();

        assertThat(newport.put(key, "card-3").getOk()).isTrue();
        assertThat(rhodeIsland.get(key, true))
                .extracting(GetResponse::getExists, GetResponse::getIsOwner, GetResponse::getOwner)
                .containsExactly(true, false, NEWPORT.value());
    }

    @Test
    void removingOrTransferringAMissingKeyIsAKeyError() {
        ConsistentStorageClient miriam = at(MIRIAM);
        String key = newKey();

        RemoveResponse removed = miriam.remove(key);
        TransferResponse transferred = miriam.transfer(key, NEWPORT);

        assertThat(removed.getRemoved()).isFalse();
        assertThat(removed.getErrorType()).isEqualTo(RemoveError.REMOVE_KEY_ERROR);
        assertThat(transferred.getTransferred()).isFalse();
        assertThat(transferred.getErrorType()).isEqualTo(TransferError.TRANSFER_KEY_ERROR);
    }

    @Test
    void aKeyCannotBeTransferredToItsOwnerNorToAHospitalOutsideTheNetwork() {
        ConsistentStorageClient newport = at(NEWPORT);
        String key = newKey();
        newport.put(key, "card");

        TransferResponse toSelf = newport.transfer(key, NEWPORT);
        TransferResponse toStranger = newport.transfer(key, new HospitalId("butler-hospital"));

        assertThat(toSelf.getTransferred()).isFalse();
        assertThat(toSelf.getErrorType()).isEqualTo(TransferError.TRANSFER_TO_SELF);
        assertThat(toStranger.getTransferred()).isFalse();
        assertThat(toStranger.getErrorType()).isEqualTo(TransferError.TRANSFER_UNKNOWN_NEW_OWNER);
        assertThat(toStranger.getDetail()).contains("butler-hospital");
        assertThat(newport.get(key, false).getOwner()).isEqualTo(NEWPORT.value());
    }

    @Test
    void twoHospitalsRacingForOneKeyAgreeOnOneOwner() {
        String key = newKey();
        CompletableFuture<PutResponse> fromRhodeIsland = at(RHODE_ISLAND).putAsync(key, "card-ri");
        CompletableFuture<PutResponse> fromMiriam = at(MIRIAM).putAsync(key, "card-m");

        PutResponse ri = fromRhodeIsland.join();
        PutResponse m = fromMiriam.join();

        assertThat(List.of(ri.getOk(), m.getOk())).containsExactlyInAnyOrder(true, false);
        String winner = ri.getOk() ? RHODE_ISLAND.value() : MIRIAM.value();
        assertThat(ri.getOwner()).isEqualTo(winner);
        assertThat(m.getOwner()).isEqualTo(winner);
        for (HospitalId hospital : NetworkFixture.HOSPITALS) {
            assertThat(at(hospital).get(key, true).getOwner())
                    .as(hospital.value())
                    .isEqualTo(winner);
        }
    }

    @Test
    void aSyncedGetCatchesUpWithAWriteCompletedAtAnotherHospital() {
        String key = newKey();
        hospitals.log.holdDeliveryTo(NEWPORT);
        assertThat(at(RHODE_ISLAND).put(key, "card").getOk()).isTrue();
        ConsistentStorageClient newport = at(NEWPORT);
        assertThat(newport.get(key, false).getExists())
                .as("without sync, the replica that did not receive the write yet answers")
                .isFalse();
        int catchUps = hospitals.logOf(NEWPORT).catchUps();

        CompletableFuture<GetResponse> synced = newport.getAsync(key, true);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> hospitals.logOf(NEWPORT).catchUps() > catchUps);
        hospitals.log.resumeDeliveryTo(NEWPORT);

        assertThat(synced.join().getExists()).isTrue();
        assertThat(synced.join().getOwner()).isEqualTo(RHODE_ISLAND.value());
    }

    @Test
    void aSyncedGetAtAHospitalThatCannotCatchUpIsUnavailable() {
        String key = newKey();
        hospitals.log.holdDeliveryTo(MIRIAM);
        at(NEWPORT).put(key, "card");

        assertThatThrownBy(() -> at(MIRIAM).get(key, true)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getStatus().getDescription()).contains("did not catch up");
        });
    }

    @Test
    void aWriteTheBackendDoesNotTakeIsUnavailable() {
        hospitals.log.refuseAppends(true);

        assertThatThrownBy(() -> at(RHODE_ISLAND).put(newKey(), "card"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains("did not take the entry");
                });
    }

    @Test
    void malformedRequestsAreInvalidArgumentsWithAReason() {
        var stub = at(MIRIAM).blocking();
        String tooLong = "k".repeat(257);

        assertInvalid(() -> stub.get(GetRequest.newBuilder().setKey("").build()), "a key is 1 to 256 characters");
        assertInvalid(() -> stub.get(GetRequest.newBuilder().setKey(tooLong).build()), "not 257");
        assertInvalid(() -> stub.put(PutRequest.newBuilder().setKey("").build()), "a key is 1 to 256");
        assertInvalid(
                () -> stub.put(PutRequest.newBuilder()
                        .setKey(newKey())
                        .setValue(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xfe, 0x41}))
                        .build()),
                "UTF-8");
        assertInvalid(
                () -> stub.put(PutRequest.newBuilder()
                        .setKey(newKey())
                        .setValue(ByteString.copyFromUtf8("x".repeat(64 * 1024 + 1)))
                        .build()),
                "at most 65536 characters");
        assertInvalid(() -> stub.remove(RemoveRequest.newBuilder().setKey("").build()), "a key is");
        assertInvalid(
                () -> stub.transfer(TransferRequest.newBuilder()
                        .setKey(newKey())
                        .setNewOwner("Not A Hospital")
                        .build()),
                "newOwner is not a hospital id");
        assertInvalid(
                () -> stub.transfer(
                        TransferRequest.newBuilder().setKey(newKey()).build()),
                "newOwner is not a hospital id");
    }

    private static void assertInvalid(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains(reason);
        });
    }

    @Test
    void aCallerTheInterceptorRejectsIsUnauthenticatedAndNeverReachesTheLedger() {
        ServerInterceptor onlyWithTheToken = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                if (BearerToken.presentedIn(headers).filter("s3cret"::equals).isEmpty()) {
                    call.close(Status.UNAUTHENTICATED.withDescription("who are you?"), new Metadata());
                    return new ServerCall.Listener<>() {};
                }
                return next.startCall(call, headers);
            }
        };
        int port = FreePorts.find();
        String key = newKey();
        try (LedgerGrpcServer guarded =
                        ThreeHospitals.serve(hospitals.ledgerOf(RHODE_ISLAND), port, List.of(onlyWithTheToken));
                ConsistentStorageClient anonymous = ConsistentStorageClient.plaintext(
                        "127.0.0.1:" + port, Optional.empty(), Duration.ofSeconds(5));
                ConsistentStorageClient wrongToken = ConsistentStorageClient.plaintext(
                        "127.0.0.1:" + port, Optional.of(new BearerToken("guess")), Duration.ofSeconds(5));
                ConsistentStorageClient member = ConsistentStorageClient.plaintext(
                        "127.0.0.1:" + guarded.port(), Optional.of(new BearerToken("s3cret")), Duration.ofSeconds(5))) {

            for (ConsistentStorageClient stranger : List.of(anonymous, wrongToken)) {
                assertThatThrownBy(() -> stranger.put(key, "card"))
                        .isInstanceOfSatisfying(
                                StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            }
            assertThat(hospitals.ledgerOf(RHODE_ISLAND).get(key).exists()).isFalse();

            assertThat(member.put(key, "card").getOk()).isTrue();
        }
    }

    @Test
    void aClientBuiltFromTheSeedsProtoIsServed() throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forTarget(hospitals.target(MIRIAM))
                .usePlaintext()
                .build();
        try {
            var seed = org.carenet.ledger.grpc.seed.ConsistentStorageGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            String key = newKey();

            SeedConsistentStorage.PutResponse put = seed.put(SeedConsistentStorage.PutRequest.newBuilder()
                    .setKey(key)
                    .setValue(ByteString.copyFromUtf8("card"))
                    .build());
            SeedConsistentStorage.GetResponse got = seed.get(
                    SeedConsistentStorage.GetRequest.newBuilder().setKey(key).build());
            SeedConsistentStorage.TransferResponse transferred =
                    seed.transfer(SeedConsistentStorage.TransferRequest.newBuilder()
                            .setKey(key)
                            .setNewOwner(NEWPORT.value())
                            .build());
            SeedConsistentStorage.RemoveResponse removed = seed.remove(
                    SeedConsistentStorage.RemoveRequest.newBuilder().setKey(key).build());

            assertThat(put.getOk()).isTrue();
            assertThat(put.getOwner()).isEqualTo(MIRIAM.value());
            assertThat(got.getExists()).isTrue();
            assertThat(got.getIsOwner()).isTrue();
            assertThat(got.getValue().toStringUtf8()).isEqualTo("card");
            assertThat(transferred.getTransferred()).isTrue();
            assertThat(removed.getRemoved()).isFalse();
            assertThat(removed.getErrorType()).isEqualTo(SeedConsistentStorage.RemoveError.REMOVE_NOT_OWNER);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theHealthServiceReportsTheLedgerServing() throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forTarget(hospitals.target(NEWPORT))
                .usePlaintext()
                .build();
        try {
            HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder()
                            .setService("ConsistentStorage")
                            .build());

            assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
