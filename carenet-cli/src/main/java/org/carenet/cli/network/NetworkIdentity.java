package org.carenet.cli.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Membership;
import org.carenet.ledger.MembershipFile;
import org.carenet.ledger.SigningKey;
import org.carenet.network.NetworkMembership;

/**
 * A network's identity on disk, made by {@code carenet network start} for a new network: the operator's key, each
 * hospital's ledger key (in that hospital's own directory) and the membership the operator signs. A hospital added
 * to or removed from the hospitals file is a membership change: the next version, signed again.
 */
public final class NetworkIdentity {

    static final String OPERATOR_KEY = "network/operator.key";
    static final String MEMBERSHIP = "network/membership.json";
    static final String PATIENT_ID_SECRET = "network/patient-id.secret";

    private NetworkIdentity() {}

    /** The network operator's key in {@code dataDirectory}, made there for a new network. */
    public static SigningKey operatorKey(Path dataDirectory) {
        return SigningKey.loadOrCreate(operatorKeyFile(dataDirectory), new SecureRandom());
    }

    /** Where the operator's key of the network in {@code dataDirectory} is kept. */
    public static Path operatorKeyFile(Path dataDirectory) {
        return dataDirectory.resolve(OPERATOR_KEY);
    }

    /**
     * The network's secret for deriving patient identifiers (32 random bytes, kept by the operator who issues cards,
     * readable by its owner only), made in {@code dataDirectory} for a new network.
     */
    public static byte[] patientIdSecret(Path dataDirectory) {
        Path file = dataDirectory.resolve(PATIENT_ID_SECRET);
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(secret) + "\n");
                return secret;
            }
            return Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the patient-id secret " + file, e);
        }
    }

    /** The membership of {@code hospitals}, current on disk, and the properties that tell a node where it is. */
    static Map<String, Object> prepare(Path dataDirectory, List<Hospital> hospitals, Instant now) {
        SecureRandom random = new SecureRandom();
        SigningKey operator = operatorKey(dataDirectory);
        Path file = dataDirectory.resolve(MEMBERSHIP);
        Membership existing = Files.exists(file) ? MembershipFile.read(file) : null;
        if (existing != null && !existing.isSignedBy(operator.verifyingKey())) {
            throw new IllegalStateException(file + " is not signed by this network's operator key " + OPERATOR_KEY);
        }
        List<Membership.Member> members = new ArrayList<>();
        for (int i = 0; i < hospitals.size(); i++) {
            Hospital hospital = hospitals.get(i);
            HospitalId id = new HospitalId(hospital.id());
            SigningKey key = SigningKey.loadOrCreate(
                    dataDirectory.resolve(hospital.id()).resolve(NetworkMembership.LEDGER_KEY_FILE), random);
            Instant joined = existing == null
                    ? now
                    : existing.member(id).map(Membership.Member::joined).orElse(now);
            members.add(new Membership.Member(
                    id,
                    hospital.name(),
                    "http://127.0.0.1:" + (Network.FIRST_HTTP_PORT + i),
                    "127.0.0.1:" + (Network.FIRST_GRPC_PORT + i),
                    key.verifyingKey(),
                    joined));
        }
        Membership current = existing;
        if (existing == null || !existing.members().equals(sorted(members))) {
            current = Membership.signed(existing == null ? 1 : existing.version() + 1, members, operator);
            MembershipFile.write(current, file);
        }
        return Map.of(
                "carenet.network.membership-file", file.toString(),
                "carenet.network.operator-key", current.operatorKey().toBase64());
    }

    private static List<Membership.Member> sorted(List<Membership.Member> members) {
        return members.stream()
                .sorted(Comparator.comparing(Membership.Member::id))
                .toList();
    }
}
