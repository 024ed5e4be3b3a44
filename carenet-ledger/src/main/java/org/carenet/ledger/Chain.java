package org.carenet.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The hash chain over one ordering partition: each link's hash covers its predecessor's, its position and the
 * signed entry, so an entry rewritten, dropped or moved anywhere in a stored log changes every later hash.
 */
public final class Chain {

    /** The predecessor of a partition's first entry. */
    public static final byte[] GENESIS = new byte[32];

    private Chain() {}

    /** A position in a partition's log and the chain's hash up to and including it. */
    public record Link(long position, Entry entry, byte[] hash) {}

    public static byte[] hash(byte[] previous, long position, Entry entry) {
        byte[] content = new Canonical()
                .bytes(previous)
                .number(position)
                .bytes(entry.signedBytes())
                .bytes(entry.signature())
                .toBytes();
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The links of {@code entries} stored at positions 0, 1, 2, ... */
    public static List<Link> link(List<Entry> entries) {
        byte[] previous = GENESIS;
        Link[] links = new Link[entries.size()];
        for (int i = 0; i < links.length; i++) {
            previous = hash(previous, i, entries.get(i));
            links[i] = new Link(i, entries.get(i), previous);
        }
        return List.of(links);
    }

    /**
     * The first link whose position or hash does not follow from its predecessor, if any: where a stored log was
     * rewritten, cut or reordered.
     */
    public static Optional<Link> firstBroken(List<Link> links) {
        byte[] previous = GENESIS;
        long expected = 0;
        for (Link link : links) {
            if (link.position() != expected || !Arrays.equals(hash(previous, expected, link.entry()), link.hash())) {
                return Optional.of(link);
            }
            previous = link.hash();
            expected++;
        }
        return Optional.empty();
    }
}
