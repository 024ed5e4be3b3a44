package org.carenet.ledger.grpc;

import com.google.protobuf.ByteString;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.LedgerState;
import org.carenet.ledger.Outcome;
import org.carenet.ledger.grpc.proto.GetResponse;
import org.carenet.ledger.grpc.proto.PutResponse;
import org.carenet.ledger.grpc.proto.RemoveError;
import org.carenet.ledger.grpc.proto.RemoveResponse;
import org.carenet.ledger.grpc.proto.TransferError;
import org.carenet.ledger.grpc.proto.TransferResponse;

/**
 * The seed's answers for the ledger's outcomes: the rules' refusals travel in-band, as the seed sent them (PUT: not
 * ok and the owner; REMOVE and TRANSFER: an error type), so that the seed's clients keep reading them.
 */
final class Responses {

    private Responses() {}

    static GetResponse lookup(LedgerState.Lookup lookup) {
        GetResponse.Builder response = GetResponse.newBuilder().setExists(lookup.exists());
        if (lookup.exists()) {
            response.setValue(ByteString.copyFromUtf8(lookup.value()))
                    .setIsOwner(lookup.isOwner())
                    .setOwner(lookup.owner().value());
        }
        return response.build();
    }

    /** @param self the writing hospital, which owns the key after a PUT that applied */
    static PutResponse put(Outcome outcome, HospitalId self) {
        return switch (outcome.kind()) {
            case APPLIED ->
                PutResponse.newBuilder().setOk(true).setOwner(self.value()).build();
            case OWNED_BY_ANOTHER ->
                PutResponse.newBuilder()
                        .setOk(false)
                        .setOwner(outcome.owner().value())
                        .setDetail(detail(outcome))
                        .build();
            default -> throw unexpected(outcome);
        };
    }

    static RemoveResponse remove(Outcome outcome) {
        return switch (outcome.kind()) {
            case APPLIED -> RemoveResponse.newBuilder().setRemoved(true).build();
            case MISSING_KEY -> refusedRemove(RemoveError.REMOVE_KEY_ERROR, outcome);
            case NOT_OWNER -> refusedRemove(RemoveError.REMOVE_NOT_OWNER, outcome);
            default -> throw unexpected(outcome);
        };
    }

    static TransferResponse transfer(Outcome outcome) {
        return switch (outcome.kind()) {
            case APPLIED -> TransferResponse.newBuilder().setTransferred(true).build();
            case MISSING_KEY -> refusedTransfer(TransferError.TRANSFER_KEY_ERROR, outcome);
            case NOT_OWNER -> refusedTransfer(TransferError.TRANSFER_NOT_OWNER, outcome);
            case UNKNOWN_NEW_OWNER -> refusedTransfer(TransferError.TRANSFER_UNKNOWN_NEW_OWNER, outcome);
            case NEW_OWNER_IS_SELF -> refusedTransfer(TransferError.TRANSFER_TO_SELF, outcome);
            default -> throw unexpected(outcome);
        };
    }

    private static RemoveResponse refusedRemove(RemoveError error, Outcome outcome) {
        RemoveResponse.Builder response = RemoveResponse.newBuilder()
                .setRemoved(false)
                .setErrorType(error)
                .setDetail(detail(outcome));
        if (outcome.owner() != null) {
            response.setOwner(outcome.owner().value());
        }
        return response.build();
    }

    private static TransferResponse refusedTransfer(TransferError error, Outcome outcome) {
        TransferResponse.Builder response = TransferResponse.newBuilder()
                .setTransferred(false)
                .setErrorType(error)
                .setDetail(detail(outcome));
        if (outcome.owner() != null) {
            response.setOwner(outcome.owner().value());
        }
        return response.build();
    }

    private static String detail(Outcome outcome) {
        return outcome.detail() == null ? "" : outcome.detail();
    }

    /**
     * The network refused this hospital's own entry as not authentic or misplaced: its key, its membership or the
     * backend is misconfigured, which no caller can fix.
     */
    private static OwnEntryRefusedException unexpected(Outcome outcome) {
        return new OwnEntryRefusedException(
                "the network refused this hospital's own entry as " + outcome.kind() + ": " + outcome.detail());
    }

    /** See {@link #unexpected}. */
    static final class OwnEntryRefusedException extends IllegalStateException {
        OwnEntryRefusedException(String message) {
            super(message);
        }
    }
}
