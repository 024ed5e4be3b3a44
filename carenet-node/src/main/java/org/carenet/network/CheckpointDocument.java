package org.carenet.network;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.carenet.ledger.Checkpoint;
import org.carenet.ledger.Head;
import org.carenet.ledger.HospitalId;

/** A signed checkpoint as JSON, the way hospitals publish theirs to each other. */
public record CheckpointDocument(String hospital, Instant at, List<HeadDocument> heads, String signature) {

    /** @param hash hex */
    public record HeadDocument(int partition, long position, String hash) {}

    public static CheckpointDocument of(Checkpoint checkpoint) {
        return new CheckpointDocument(
                checkpoint.hospital().value(),
                checkpoint.at(),
                checkpoint.heads().stream()
                        .map(head -> new HeadDocument(head.partition(), head.position(), head.hashHex()))
                        .toList(),
                Base64.getEncoder().encodeToString(checkpoint.signature()));
    }

    /** @throws IllegalArgumentException if a field is malformed */
    public Checkpoint checkpoint() {
        return new Checkpoint(
                new HospitalId(hospital),
                heads.stream()
                        .map(head -> new Head(
                                head.partition(),
                                head.position(),
                                HexFormat.of().parseHex(head.hash())))
                        .toList(),
                at,
                Base64.getDecoder().decode(signature));
    }
}
