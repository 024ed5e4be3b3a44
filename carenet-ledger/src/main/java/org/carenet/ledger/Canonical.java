package org.carenet.ledger;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The one byte encoding of what is signed or hashed: every field length-prefixed, an absent field distinct from an
 * empty one, so that no two different values encode alike.
 */
final class Canonical {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    Canonical text(String value) {
        return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    Canonical bytes(byte[] value) {
        if (value == null) {
            number(-1);
        } else {
            number(value.length);
            out.writeBytes(value);
        }
        return this;
    }

    Canonical number(long value) {
        out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
