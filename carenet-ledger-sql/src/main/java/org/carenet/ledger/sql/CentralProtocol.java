package org.carenet.ledger.sql;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.carenet.ledger.RequestSignature;

/**
 * The HTTP protocol between hospitals and the central server of the sql backend, in one place, so that both sides
 * read and write the same paths and documents. Every request carries a {@link RequestSignature}.
 */
public final class CentralProtocol {

    /** {@code POST}: one encoded entry ({@code Entry.encode()}) as {@value #ENTRY_MEDIA_TYPE}; answers {@link Appended}. */
    public static final String ENTRIES = "/api/entries";

    /** {@code GET}: the last position of every partition, as {@link Positions}. */
    public static final String PARTITIONS = "/api/partitions";

    /**
     * {@code GET} on {@link #ENTRIES}{@code ?after=0:41,1:-1,...&limit=&waitMillis=}: the ordered entries after a
     * position in each partition named, at most {@code limit} in all, as {@link EntryPages}; waits up to
     * {@code waitMillis} for one when there is none yet. One request follows the whole log: a hospital keeps one
     * waiting at the central, not one per partition, and each answer carries whatever every partition ordered since.
     */
    public static final String AFTER = "after";

    public static final String ENTRY_MEDIA_TYPE = "application/octet-stream";

    /**
     * {@code POST} to {@link #ENTRIES}: several encoded entries in one request ({@link #encodeBatch}); answers
     * {@link BatchAppended}, one result per entry in order. A hospital batches the appends it has in flight: one
     * request, one signature check and one transaction per partition for many entries.
     */
    public static final String BATCH_MEDIA_TYPE = "application/vnd.carenet.entries";

    /** The most entries one batch may carry. */
    public static final int MAX_BATCH = 512;

    private CentralProtocol() {}

    /** The {@value #AFTER} parameter: {@code partition:position} pairs, comma-separated. */
    public static String after(Map<Integer, Long> positions) {
        StringJoiner after = new StringJoiner(",");
        positions.forEach((partition, position) -> after.add(partition + ":" + position));
        return after.toString();
    }

    /**
     * The positions of an {@value #AFTER} parameter, by partition.
     *
     * @throws IllegalArgumentException if it is not {@code partition:position} pairs, each partition once
     */
    public static Map<Integer, Long> after(String parameter) {
        Map<Integer, Long> positions = new TreeMap<>();
        for (String pair : parameter.split(",", -1)) {
            int colon = pair.indexOf(':');
            try {
                if (colon < 0
                        || positions.put(
                                        Integer.parseInt(pair.substring(0, colon)),
                                        Long.parseLong(pair.substring(colon + 1)))
                                != null) {
                    throw new IllegalArgumentException(
                            "'" + pair + "' is not a partition:position pair of a partition not named before");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + pair + "' is not a partition:position pair of numbers", e);
            }
        }
        return positions;
    }

    /**
     * Where the central ordered an entry, and what it decided (by the rules every replica applies too).
     *
     * @param outcome an {@code Outcome.Kind} name
     * @param owner who owns the key, for {@code OWNED_BY_ANOTHER}
     */
    public record Appended(int partition, long position, String outcome, String owner) {}

    /**
     * What became of one entry of a batch: ordered ({@code status} 200, {@code appended} set) or refused, with the
     * status and problem detail a single append would have been answered with.
     */
    public record BatchResult(int status, Appended appended, String detail) {}

    /** The results of a batch, in the order of its entries. */
    public record BatchAppended(List<BatchResult> results) {

        public BatchAppended {
            results = List.copyOf(results);
        }
    }

    /** Encoded entries as one body: their count, then each one's length and bytes. */
    public static byte[] encodeBatch(List<byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 400);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entries.size());
            for (byte[] entry : entries) {
                out.writeInt(entry.length);
                out.write(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The encoded entries of a batch body.
     *
     * @throws IllegalArgumentException if the body is not a batch of at most {@value #MAX_BATCH} entries
     */
    public static List<byte[]> decodeBatch(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            int count = in.getInt();
            if (count < 1 || count > MAX_BATCH) {
                throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH + " entries, not " + count);
            }
            List<byte[]> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw new IllegalArgumentException(
                            "entry " + i + " claims " + length + " bytes; " + in.remaining() + " left");
                }
                byte[] entry = new byte[length];
                in.get(entry);
                entries.add(entry);
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the last entry");
            }
            return entries;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("the batch ends in the middle of an entry", e);
        }
    }

    /**
     * An entry at its position in a partition's log, as the central recorded it.
     *
     * @param entry the encoded entry, exactly as its writer's hospital sent it
     * @param outcome an {@code Outcome.Kind} name
     * @param hash the chain's hash up to and including this entry
     */
    public record OrderedEntry(long position, byte[] entry, String outcome, String owner, byte[] hash) {

        public OrderedEntry {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(hash, "hash");
        }
    }

    /** Consecutive entries of one partition, oldest first. */
    public record EntryPage(int partition, List<OrderedEntry> entries) {

        public EntryPage {
            entries = List.copyOf(entries);
        }
    }

    /** The partitions that ordered entries after the positions asked for; empty when none did within the wait. */
    public record EntryPages(List<EntryPage> pages) {

        public EntryPages {
            pages = List.copyOf(pages);
        }
    }

    /** The last position of each partition (-1: none), indexed by partition. */
    public record Positions(List<Long> last) {

        public Positions {
            last = List.copyOf(last);
        }
    }
}
