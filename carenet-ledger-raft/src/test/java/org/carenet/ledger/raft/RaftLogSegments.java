package org.carenet.ledger.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static boolean rewrite(byte[] segment, byte[] target, byte[] replacement, boolean fixChecksum) {
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
            int end = at + length;
            int found = indexOf(segment, target, at, end);
            if (found >= 0) {
                System.arraycopy(replacement, 0, segment, found, replacement.length);
                if (fixChecksum) {
                    CRC32C checksum = new CRC32C();
                    checksum.update(segment, frame, end - frame);
                    ByteBuffer.wrap(segment, end, 4).putInt((int) checksum.getValue());
                }
                return true;
            }
            frame = end + 4;
        }
        return false;
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
