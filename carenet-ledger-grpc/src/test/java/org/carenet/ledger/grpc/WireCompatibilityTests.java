package org.carenet.ledger.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import org.carenet.ledger.grpc.proto.ConsistentStorageGrpc;
import org.carenet.ledger.grpc.proto.ConsistentStorageProto;
import org.carenet.ledger.grpc.proto.TransferError;
import org.carenet.ledger.grpc.proto.TransferResponse;
import org.carenet.ledger.grpc.seed.SeedConsistentStorage;
import org.junit.jupiter.api.Test;

/** This module's proto against the seed's own: what the seed's clients send and read must mean the same. */
class WireCompatibilityTests {

    private final FileDescriptor ours = ConsistentStorageProto.getDescriptor();
    private final FileDescriptor seeds = SeedConsistentStorage.getDescriptor();

    @Test
    void theServiceAndItsMethodsKeepTheSeedsFullNames() {
        assertThat(ConsistentStorageGrpc.SERVICE_NAME).isEqualTo("ConsistentStorage");
        assertThat(ours.getPackage()).isEqualTo(seeds.getPackage()).isEmpty();
        assertThat(ConsistentStorageGrpc.getGetMethod().getFullMethodName()).isEqualTo("ConsistentStorage/Get");
        assertThat(ConsistentStorageGrpc.getPutMethod().getFullMethodName()).isEqualTo("ConsistentStorage/Put");
        assertThat(ConsistentStorageGrpc.getRemoveMethod().getFullMethodName()).isEqualTo("ConsistentStorage/Remove");
        assertThat(ConsistentStorageGrpc.getTransferMethod().getFullMethodName())
                .isEqualTo("ConsistentStorage/Transfer");
    }

    @Test
    void everySeedMethodExistsWithTheSameMessages() {
        for (ServiceDescriptor seedService : seeds.getServices()) {
            ServiceDescriptor service = ours.findServiceByName(seedService.getName());
            assertThat(service).as(seedService.getFullName()).isNotNull();
            assertThat(service.getFullName()).isEqualTo(seedService.getFullName());
            for (MethodDescriptor seedMethod : seedService.getMethods()) {
                MethodDescriptor method = service.findMethodByName(seedMethod.getName());
                assertThat(method).as(seedMethod.getFullName()).isNotNull();
                assertThat(method.getInputType().getFullName())
                        .isEqualTo(seedMethod.getInputType().getFullName());
                assertThat(method.getOutputType().getFullName())
                        .isEqualTo(seedMethod.getOutputType().getFullName());
                assertThat(method.isClientStreaming() || method.isServerStreaming())
                        .as("unary, as in the seed")
                        .isFalse();
            }
        }
    }

    @Test
    void everySeedFieldKeepsItsNameNumberAndType() {
        assertThat(seeds.getMessageTypes()).hasSize(8);
        for (Descriptor seedMessage : seeds.getMessageTypes()) {
            Descriptor message = ours.findMessageTypeByName(seedMessage.getName());
            assertThat(message).as(seedMessage.getFullName()).isNotNull();
            for (FieldDescriptor seedField : seedMessage.getFields()) {
                FieldDescriptor field = message.findFieldByNumber(seedField.getNumber());
                assertThat(field).as(seedField.getFullName()).isNotNull();
                assertThat(field.getName()).as(seedField.getFullName()).isEqualTo(seedField.getName());
                assertThat(field.getType()).as(seedField.getFullName()).isEqualTo(seedField.getType());
                assertThat(field.isRepeated()).isEqualTo(seedField.isRepeated());
            }
        }
    }

    @Test
    void everySeedEnumValueKeepsItsNumber() {
        assertThat(seeds.getEnumTypes()).hasSize(2);
        for (EnumDescriptor seedEnum : seeds.getEnumTypes()) {
            EnumDescriptor ourEnum = ours.findEnumTypeByName(seedEnum.getName());
            assertThat(ourEnum).as(seedEnum.getFullName()).isNotNull();
            for (EnumValueDescriptor value : seedEnum.getValues()) {
                assertThat(ourEnum.findValueByName(value.getName()))
                        .as(value.getFullName())
                        .isNotNull()
                        .extracting(EnumValueDescriptor::getNumber)
                        .isEqualTo(value.getNumber());
            }
        }
    }

    @Test
    void theSeedReadsOurAnswersIncludingTheNewErrorsAndDetails() throws InvalidProtocolBufferException {
        ByteString answer = TransferResponse.newBuilder()
                .setTransferred(false)
                .setErrorType(TransferError.TRANSFER_TO_SELF)
                .setDetail("a key cannot be transferred to its owner")
                .build()
                .toByteString();

        SeedConsistentStorage.TransferResponse seen = SeedConsistentStorage.TransferResponse.parseFrom(answer);

        assertThat(seen.getTransferred()).isFalse();
        assertThat(seen.getErrorTypeValue()).isEqualTo(TransferError.TRANSFER_TO_SELF_VALUE);
        assertThat(seen.getErrorType()).isEqualTo(SeedConsistentStorage.TransferError.UNRECOGNIZED);
    }
}
