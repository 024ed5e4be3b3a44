package org.carenet.access.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.carenet.access.AuditEntry;

/**
 * The audit trail's hash chain: each entry's hash covers its predecessor's hash and every field of the entry in a
 * length-prefixed encoding, so no field can be changed, and no entry removed or reordered, without breaking a link.
 */
public final class AuditChain {

    /** The predecessor of the first entry. */
    public static final byte[] GENESIS = new byte[32];

    private AuditChain() {}

    /** PostgreSQL keeps microseconds: entries are timed at that precision so that what is hashed is what is stored. */
    public static Instant timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** How many fields {@link #content} has. */
    static final int CONTENT_FIELDS = 8;

    /**
     * The fields an entry's hash covers after its sequence number and time, in the order of the audit table's
     * columns.
     */
    static String[] content(AuditEntry entry) {
        return new String[] {
            entry.actor(),
            entry.role(),
            entry.action(),
            entry.resource(),
            entry.resourceId(),
            entry.outcome(),
            entry.detail(),
            entry.requestId()
        };
    }

    /** The hash of an entry linked to its predecessor's hash; the entry's own hash fields are not read. */
    public static byte[] hash(byte[] prevHash, AuditEntry entry) {
        return hash(prevHash, entry.seq(), entry.time(), content(entry));
    }

    static byte[] hash(byte[] prevHash, long seq, Instant at, String... fields) {
        MessageDigest sha256 = sha256();
        sha256.update(prevHash);
        sha256.update(ByteBuffer.allocate(Long.BYTES * 3)
                .putLong(seq)
                .putLong(at.getEpochSecond())
                .putLong(at.getNano())
                .array());
        for (String field : fields) {
            if (field == null) {
                sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(-1).array());
            } else {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                sha256.update(
                        ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
                sha256.update(bytes);
            }
        }
        return sha256.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
