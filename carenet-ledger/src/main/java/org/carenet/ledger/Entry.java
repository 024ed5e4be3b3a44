package org.carenet.ledger;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One write to the ledger, as its writer signed it. The signature covers every field, so an entry cannot be
 * altered in transit or in storage; the nonce makes each entry unique, so a copy of it replayed later is refused.
 * A hospital signs its entries in batches ({@link #sealAll}): one signature covers every entry of a batch, and each
 * entry carries its proof of membership in it.
 *
 * @param writer the hospital that wrote it
 * @param command what it does to the key
 * @param key the ledger key, e.g. a patient's network identifier
 * @param value the new value (PUT only)
 * @param newOwner the hospital the key moves to (TRANSFER only)
 * @param nonce 16 random bytes, hex
 * @param writtenAt when the writer wrote it, to the millisecond
 * @param signature the writer's seal over the other fields: its Ed25519 signature over the root of the batch the
 *     entry was signed in, then the entry's path to that root (see {@link Seal}); null in a draft
 */
public record Entry(
        HospitalId writer,
        Command command,
        String key,
        String value,
        HospitalId newOwner,
        String nonce,
        Instant writtenAt,
        byte[] signature) {

    public static final int MAX_KEY_LENGTH = 256;
    public static final int MAX_VALUE_LENGTH = 64 * 1024;

    /** What an entry does. */
    public enum Command {
        PUT,
        REMOVE,
        TRANSFER
    }

    public Entry {
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(writtenAt, "writtenAt");
        if (!NONCE.matcher(nonce).matches()) {
            throw new IllegalArgumentException("a nonce is 32 lower-case hex digits");
        }
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a ledger key is 1 to " + MAX_KEY_LENGTH + " characters");
        }
        if ((command == Command.PUT) != (value != null)) {
            throw new IllegalArgumentException("a PUT, and only a PUT, carries a value");
        }
        if (value != null && value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("a ledger value is at most " + MAX_VALUE_LENGTH + " characters");
        }
        if ((command == Command.TRANSFER) != (newOwner != null)) {
            throw new IllegalArgumentException("a TRANSFER, and only a TRANSFER, names a new owner");
        }
        writtenAt = Instant.ofEpochMilli(writtenAt.toEpochMilli());
        signature = signature == null ? null : signature.clone();
    }

    public static Entry put(SigningKey key, HospitalId writer, String ledgerKey, String value, Instant now) {
        return draft(writer, Command.PUT, ledgerKey, value, null, now).sealedAlone(key);
    }

    public static Entry remove(SigningKey key, HospitalId writer, String ledgerKey, Instant now) {
        return draft(writer, Command.REMOVE, ledgerKey, null, null, now).sealedAlone(key);
    }

    public static Entry transfer(SigningKey key, HospitalId writer, String ledgerKey, HospitalId to, Instant now) {
        return draft(writer, Command.TRANSFER, ledgerKey, null, to, now).sealedAlone(key);
    }

    /** An entry with a fresh nonce, not signed yet: {@link #sealAll} signs it with others. */
    public static Entry draft(
            HospitalId writer, Command command, String ledgerKey, String value, HospitalId newOwner, Instant now) {
        byte[] nonce = new byte[16];
        NONCES.nextBytes(nonce);
        return new Entry(
                writer, command, ledgerKey, value, newOwner, HexFormat.of().formatHex(nonce), now, null);
    }

    /** The drafts, in order, signed as one batch under a single signature of {@code key}. */
    public static List<Entry> sealAll(SigningKey key, List<Entry> drafts) {
        List<byte[]> seals =
                Seal.seal(key, drafts.stream().map(Entry::signedBytes).toList());
        List<Entry> sealed = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            sealed.add(drafts.get(i).withSignature(seals.get(i)));
        }
        return sealed;
    }

    private Entry sealedAlone(SigningKey key) {
        return sealAll(key, List.of(this)).getFirst();
    }

    private static final SecureRandom NONCES = new SecureRandom();
    private static final Pattern NONCE = Pattern.compile("[0-9a-f]{32}");

    /** The same entry with another signature; for storage layers that keep the signature apart. */
    public Entry withSignature(byte[] otherSignature) {
        return new Entry(writer, command, key, value, newOwner, nonce, writtenAt, otherSignature);
    }

    @Override
    public byte[] signature() {
        return signature == null ? null : signature.clone();
    }

    /** Exactly the bytes the writer signs: the leaf of its batch. */
    public byte[] signedBytes() {
        return new Canonical()
                .text(SIGNED)
                .text(writer.value())
                .text(command.name())
                .text(key)
                .text(value)
                .text(newOwner == null ? null : newOwner.value())
                .text(nonce)
                .number(writtenAt.toEpochMilli())
                .toBytes();
    }

    /** The entry and its signature in one byte string, as backends carry and store it. */
    public byte[] encode() {
        return new Canonical()
                .text(ENCODING)
                .bytes(signedBytes())
                .bytes(signature)
                .toBytes();
    }

    /**
     * The entry {@link #encode()} wrote. Decoding checks the form only: whether the signature verifies is for the
     * replica to decide, against the membership.
     *
     * @throws IllegalArgumentException if the bytes are not an encoded entry
     */
    public static Entry decode(byte[] encoded) {
        try {
            Canonical.Reader outer = new Canonical.Reader(encoded);
            if (!ENCODING.equals(outer.text())) {
                throw new IllegalArgumentException("not an encoded ledger entry");
            }
            byte[] signed = outer.bytes();
            byte[] signature = outer.bytes();
            outer.end();
            Canonical.Reader fields = new Canonical.Reader(signed);
            if (!SIGNED.equals(fields.text())) {
                throw new IllegalArgumentException("not a signed ledger entry");
            }
            HospitalId writer = new HospitalId(fields.text());
            Command command = Command.valueOf(fields.text());
            String key = fields.text();
            String value = fields.text();
            String newOwner = fields.text();
            String nonce = fields.text();
            Instant writtenAt = Instant.ofEpochMilli(fields.number());
            fields.end();
            return new Entry(
                    writer,
                    command,
                    key,
                    value,
                    newOwner == null ? null : new HospitalId(newOwner),
                    nonce,
                    writtenAt,
                    signature);
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException iae
                    ? iae
                    : new IllegalArgumentException("not an encoded ledger entry: " + e.getMessage(), e);
        }
    }

    private static final String ENCODING = "carenet-entry-encoding-v2";
    private static final String SIGNED = "carenet-entry-v2";

    @Override
    public boolean equals(Object other) {
        return other instanceof Entry that
                && writer.equals(that.writer)
                && command == that.command
                && key.equals(that.key)
                && Objects.equals(value, that.value)
                && Objects.equals(newOwner, that.newOwner)
                && nonce.equals(that.nonce)
                && writtenAt.equals(that.writtenAt)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(writer, command, key, nonce) * 31 + Arrays.hashCode(signature);
    }
}
