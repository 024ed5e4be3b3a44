package org.carenet.ledger.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.carenet.ledger.Entry;
import org.carenet.ledger.HospitalId;

/**
 * Checks what a caller sent before it becomes a signed entry, so that a malformed request is answered with {@code
 * INVALID_ARGUMENT} and a reason, rather than with a refusal the seed's clients would read as a domain answer.
 */
final class Arguments {

    private Arguments() {}

    static String key(String key) {
        if (key.isEmpty() || key.length() > Entry.MAX_KEY_LENGTH) {
            throw invalid("a key is 1 to " + Entry.MAX_KEY_LENGTH + " characters, not " + key.length());
        }
        return key;
    }

    /** Ledger values are text: the bytes must be UTF-8. */
    static String text(ByteString value) {
        if (!value.isValidUtf8()) {
            throw invalid("a value is UTF-8 text; these " + value.size() + " bytes are not");
        }
        String text = value.toStringUtf8();
        if (text.length() > Entry.MAX_VALUE_LENGTH) {
            throw invalid("a value is at most " + Entry.MAX_VALUE_LENGTH + " characters, not " + text.length());
        }
        return text;
    }

    static HospitalId hospital(String id) {
        try {
            return new HospitalId(id);
        } catch (IllegalArgumentException e) {
            throw invalid("newOwner is " + e.getMessage());
        }
    }

    private static StatusRuntimeException invalid(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }
}
