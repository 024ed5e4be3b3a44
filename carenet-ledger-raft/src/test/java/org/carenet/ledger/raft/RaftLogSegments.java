package org.carenet.ledger.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Rewrites a stopped peer's Raft log on disk, as someone with access to a hospital's storage could. A segment is the
 * header {@code RaftLog1}, then per entry a varint length, the entry's protobuf bytes and a CRC32C of both, then zeros.
 */
final class RaftLogSegments {

    private static final int HEADER = "RaftLog1".length();

    private RaftLogSegments() {}

    /**
     * Replaces {@code from} with {@code to} (of the same length) in the log entry that contains it.
     *
     * @param fixChecksum whether to compute the entry's checksum again, as a careful forger would
     */
    static void rewrite(Path storage, String from, String to, boolean fixChecksum) {
        byte[] target = from.getBytes(StandardCharsets.UTF_8);
        byte[] replacement = to.getBytes(StandardCharsets.UTF_8);
        if (target.length != replacement.length) {
            throw new IllegalArgumentException("a rewrite keeps the entry's length");
        }
        for (Path segment : segments(storage)) {
            try {
                byte[] bytes = Files.readAllBytes(segment);
                if (rewrite(bytes, target, replacement, fixChecksum)) {
                    Files.write(segment, bytes);
                    return;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalArgumentException("no log entry under " + storage + " contains '" + from + "'");
    }

    /**
     * Removes the log entry that contains {@code target}: the entries after it move up, and the segment ends in
     * zeros as before. No checksum needs fixing; the indexes Raft recorded in the entries no longer run on.
     */
    static void drop(Path storage, String target) {
        byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
        for (Path segment : segments(storage)) {
            try {
                byte[] content = Files.readAllBytes(segment);
                for (Frame frame : frames(content)) {
                    if (indexOf(content, bytes, frame.bytes(), frame.end()) >= 0) {
                        int after = frame.end() + 4;
                        byte[] shorter = new byte[content.length];
                        System.arraycopy(content, 0, shorter, 0, frame.start());
                        System.arraycopy(content, after, shorter, frame.start(), content.length - after);
                        Files.write(segment, shorter);
                        return;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalArgumentException("no log entry under " + storage + " contains '" + target + "'");
    }

    /** One log entry of a segment: where its frame starts, where its bytes start, and where its checksum is. */
    private record Frame(int start, int bytes, int end) {}

    /** The log entries of a segment, in order. */
    private static List<Frame> frames(byte[] segment) {
        List<Frame> frames = new ArrayList<>();
        int frame = HEADER;
        while (frame < segment.length && segment[frame] != 0) {
            int length = 0;
            int shift = 0;
            int at = frame;
            byte next;
            do {
                next = segment[at++];
                length |= (next & 0x7f) << shift;
                shift += 7;
            } while ((next & 0x80) != 0);
            frames.add(new Frame(frame, at, at + length));
            frame = at + length + 4;
        }
        return frames;
    }

    /** Computes the checksum of {@code frame} again, as Ratis does: over the length and the bytes. */
    private static void fixChecksum(byte[] segment, Frame frame) {
        CRC32C checksum = new CRC32C();
        checksum.update(segment, frame.start(), frame.end() - frame.start());
        ByteBuffer.wrap(segment, frame.end(), 4).putInt((int) checksum.getValue());
    }

    private static boolean rewrite(byte[] segment, byte[] target, byte[] replacement, boolean fixChecksum) {
        for (Frame frame : frames(segment)) {
            int found = indexOf(segment, target, frame.bytes(), frame.end());
            if (found >= 0) {
                System.arraycopy(replacement, 0, segment, found, replacement.length);
                if (fixChecksum) {
                    fixChecksum(segment, frame);
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Swaps the ledger entries carried by the two log entries that contain {@code first} and {@code second} (in one
     * segment, encoded at the same length), leaving Raft's own fields — index, term — in place, and computes both
     * checksums again: the log reads as valid, with two entries in each other's place.
     */
    static void swapEntries(Path storage, String first, String second) {
        for (Path segment : segments(storage)) {
            try {
                byte[] bytes = Files.readAllBytes(segment);
                LedgerEntry a = ledgerEntry(bytes, first.getBytes(StandardCharsets.UTF_8));
                LedgerEntry b = ledgerEntry(bytes, second.getBytes(StandardCharsets.UTF_8));
                if (a == null || b == null) {
                    continue;
                }
                if (a.length() != b.length()) {
                    throw new IllegalArgumentException("the two ledger entries differ in length");
                }
                byte[] held = Arrays.copyOfRange(bytes, a.start(), a.start() + a.length());
                System.arraycopy(bytes, b.start(), bytes, a.start(), b.length());
                System.arraycopy(held, 0, bytes, b.start(), held.length);
                fixChecksum(bytes, a.frame());
                fixChecksum(bytes, b.frame());
                Files.write(segment, bytes);
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalArgumentException(
                "no segment under " + storage + " holds both '" + first + "' and '" + second + "'");
    }

    /** Where, in which log entry, an encoded ledger entry lies. */
    private record LedgerEntry(Frame frame, int start, int length) {}

    /** The encoded ledger entry in the log entry that holds {@code target}; null if none holds it. */
    private static LedgerEntry ledgerEntry(byte[] segment, byte[] target) {
        byte[] marker = "carenet-entry-encoding".getBytes(StandardCharsets.UTF_8);
        for (Frame frame : frames(segment)) {
            if (indexOf(segment, target, frame.bytes(), frame.end()) >= 0) {
                // the encoding: three length-prefixed fields (8-byte lengths), the first of them the marker
                int start = indexOf(segment, marker, frame.bytes(), frame.end()) - Long.BYTES;
                ByteBuffer fields = ByteBuffer.wrap(segment, start, frame.end() - start);
                int length = 0;
                for (int field = 0; field < 3; field++) {
                    int fieldLength = (int) fields.getLong();
                    fields.position(fields.position() + fieldLength);
                    length += Long.BYTES + fieldLength;
                }
                return new LedgerEntry(frame, start, length);
            }
        }
        return null;
    }

    private static int indexOf(byte[] bytes, byte[] target, int from, int to) {
        for (int i = from; i <= to - target.length; i++) {
            if (Arrays.equals(bytes, i, i + target.length, target, 0, target.length)) {
                return i;
            }
        }
        return -1;
    }

    private static List<Path> segments(Path storage) {
        try (Stream<Path> files = Files.walk(storage)) {
            return files.filter(file -> file.getFileName().toString().startsWith("log_"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
