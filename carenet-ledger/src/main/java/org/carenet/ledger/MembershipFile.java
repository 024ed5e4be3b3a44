package org.carenet.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The membership as a JSON document ({@value #FORMAT}), as the network operator publishes it and every node reads
 * it. The file carries its own signature; whoever reads it checks that against the operator key it trusts.
 */
public final class MembershipFile {

    public static final String FORMAT = "carenet-membership/1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MembershipFile() {}

    public static void write(Membership membership, Path file) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("version", membership.version());
        document.put("operatorKey", membership.operatorKey().toBase64());
        List<Map<String, Object>> members = new ArrayList<>();
        for (Membership.Member member : membership.members()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", member.id().value());
            entry.put("name", member.name());
            entry.put("httpEndpoint", member.httpEndpoint());
            entry.put("grpcEndpoint", member.grpcEndpoint());
            entry.put("publicKey", member.key().toBase64());
            entry.put("joined", member.joined().toString());
            members.add(entry);
        }
        document.put("members", members);
        document.put("signature", Base64.getEncoder().encodeToString(membership.signature()));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".new");
            Files.writeString(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the membership to " + file, e);
        }
    }

    /** The membership in {@code file}, exactly as written; its signature is not checked here. */
    public static Membership read(Path file) {
        try {
            JsonNode document = JSON.readTree(Files.readString(file));
            if (!FORMAT.equals(document.path("format").asString(""))) {
                throw new InvalidMembershipException(file + " is not a " + FORMAT + " document");
            }
            List<Membership.Member> members = new ArrayList<>();
            for (JsonNode member : document.required("members")) {
                members.add(new Membership.Member(
                        new HospitalId(member.required("id").asString()),
                        member.required("name").asString(),
                        member.required("httpEndpoint").asString(),
                        member.required("grpcEndpoint").asString(),
                        VerifyingKey.fromBase64(member.required("publicKey").asString()),
                        Instant.parse(member.required("joined").asString())));
            }
            return new Membership(
                    document.required("version").asLong(),
                    members,
                    VerifyingKey.fromBase64(document.required("operatorKey").asString()),
                    Base64.getDecoder().decode(document.required("signature").asString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the membership " + file, e);
        } catch (JacksonException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new InvalidMembershipException(file + " is not a valid membership document: " + e.getMessage());
        }
    }

    /** A file that is not a membership document. */
    public static final class InvalidMembershipException extends RuntimeException {
        public InvalidMembershipException(String message) {
            super(message);
        }
    }
}
