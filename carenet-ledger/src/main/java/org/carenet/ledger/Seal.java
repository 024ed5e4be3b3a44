package org.carenet.ledger;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a hospital signs its entries in batches: one Ed25519 signature over the root of a Merkle tree whose leaves are
 * the entries' {@link Entry#signedBytes()}. An entry's seal — what {@link Entry#signature()} holds — is that
 * signature followed by the entry's path to the root: for each level, which side its sibling is on (one byte, 0 for
 * left, 1 for right) and the sibling's SHA-256 (32 bytes). An entry signed alone has an empty path, its leaf being
 * the root. Each entry stays verifiable on its own, and a replica that already verified a root accepts the batch's
 * other entries by hashing their paths, not by another signature check — which is where a replica's time went
 * when every entry carried a signature of its own.
 *
 * <p>Leaves and inner nodes hash with different prefixes, so no inner node can pass for an entry.
 */
final class Seal {

    static final int SIGNATURE_BYTES = 64;
    private static final int HASH_BYTES = 32;
    private static final int STEP_BYTES = 1 + HASH_BYTES;
    private static final byte LEAF = 0;
    private static final byte NODE = 1;
    private static final byte SIBLING_LEFT = 0;
    private static final byte SIBLING_RIGHT = 1;
    private static final String SIGNED = "carenet-entry-batch-v1";

    private Seal() {}

    /** The seal of each of {@code signedBytes}, in order, all under one signature of {@code key}. */
    static List<byte[]> seal(SigningKey key, List<byte[]> signedBytes) {
        if (signedBytes.isEmpty()) {
            return List.of();
        }
        byte[][] level = signedBytes.stream().map(Seal::leaf).toArray(byte[][]::new);
        int[] at = new int[level.length];
        List<ByteArrayOutputStream> paths = new ArrayList<>(level.length);
        for (int i = 0; i < level.length; i++) {
            at[i] = i;
            paths.add(new ByteArrayOutputStream());
        }
        while (level.length > 1) {
            for (int i = 0; i < at.length; i++) {
                int sibling = at[i] ^ 1;
                if (sibling < level.length) {
                    paths.get(i).write(sibling < at[i] ? SIBLING_LEFT : SIBLING_RIGHT);
                    paths.get(i).writeBytes(level[sibling]);
                }
                at[i] /= 2;
            }
            byte[][] next = new byte[(level.length + 1) / 2][];
            for (int j = 0; j < level.length; j += 2) {
                next[j / 2] = j + 1 < level.length ? node(level[j], level[j + 1]) : level[j];
            }
            level = next;
        }
        byte[] signature = key.sign(message(level[0]));
        List<byte[]> seals = new ArrayList<>(paths.size());
        for (ByteArrayOutputStream path : paths) {
            ByteArrayOutputStream seal = new ByteArrayOutputStream(SIGNATURE_BYTES + path.size());
            seal.writeBytes(signature);
            seal.writeBytes(path.toByteArray());
            seals.add(seal.toByteArray());
        }
        return seals;
    }

    /** What a seal claims: the root its path leads to from {@code signedBytes}, and the signature over that root. */
    record Claim(byte[] root, byte[] signature) {

        /** The bytes the signature must verify against. */
        byte[] message() {
            return Seal.message(root);
        }
    }

    /** The claim of {@code seal} for the entry with {@code signedBytes}; empty if the seal is malformed. */
    static Optional<Claim> open(byte[] signedBytes, byte[] seal) {
        if (seal == null || seal.length < SIGNATURE_BYTES || (seal.length - SIGNATURE_BYTES) % STEP_BYTES != 0) {
            return Optional.empty();
        }
        byte[] hash = leaf(signedBytes);
        for (int step = SIGNATURE_BYTES; step < seal.length; step += STEP_BYTES) {
            byte[] sibling = Arrays.copyOfRange(seal, step + 1, step + STEP_BYTES);
            switch (seal[step]) {
                case SIBLING_LEFT -> hash = node(sibling, hash);
                case SIBLING_RIGHT -> hash = node(hash, sibling);
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new Claim(hash, Arrays.copyOf(seal, SIGNATURE_BYTES)));
    }

    private static byte[] message(byte[] root) {
        return new Canonical().text(SIGNED).bytes(root).toBytes();
    }

    private static byte[] leaf(byte[] signedBytes) {
        MessageDigest sha256 = sha256();
        sha256.update(LEAF);
        return sha256.digest(signedBytes);
    }

    private static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha256 = sha256();
        sha256.update(NODE);
        sha256.update(left);
        return sha256.digest(right);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
