package org.carenet.ledger;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The one byte encoding of what is signed or hashed (ledger entries, checkpoints, the membership, patient cards): every field length-prefixed, an absent field distinct from an
 * empty one, so that no two different values encode alike.
 */
public final class Canonical {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    public Canonical text(String value) {
        return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public Canonical bytes(byte[] value) {
        if (value == null) {
            number(-1);
        } else {
            number(value.length);
            out.writeBytes(value);
        }
        return this;
    }

    public Canonical number(long value) {
        out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    /** Reads back, field by field, what a {@link Canonical} wrote. */
    public static final class Reader {

        private final ByteBuffer in;

        public Reader(byte[] encoded) {
            this.in = ByteBuffer.wrap(encoded);
        }

        public String text() {
            byte[] value = bytes();
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }

        public byte[] bytes() {
            long length = number();
            if (length == -1) {
                return null;
            }
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("a field claims " + length + " bytes; " + in.remaining() + " left");
            }
            byte[] value = new byte[(int) length];
            in.get(value);
            return value;
        }

        public long number() {
            if (in.remaining() < Long.BYTES) {
                throw new IllegalArgumentException("the encoding ends in the middle of a field");
            }
            return in.getLong();
        }

        public void end() {
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the last field");
            }
        }
    }
}
