package org.carenet.network;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Membership;
import org.carenet.ledger.MembershipFile;
import org.carenet.ledger.SigningKey;
import org.carenet.ledger.VerifyingKey;
import org.carenet.platform.NodeProperties;
import org.springframework.stereotype.Component;

/**
 * The membership this node trusts, checked once at start: signed by the configured operator, listing this
 * hospital, under the public half of the ledger key in this node's data directory. A node whose membership fails
 * any of these does not start, rather than serve a network it cannot vouch for.
 */
@Component
public class NetworkMembership {

    /** Where a node keeps the private key it signs ledger entries with. */
    public static final String LEDGER_KEY_FILE = "keys/ledger-signing.key";

    private final Membership membership;
    private final SigningKey ledgerKey;
    private final HospitalId hospital;

    NetworkMembership(NetworkProperties properties, NodeProperties node) {
        this.ledgerKey = SigningKey.loadOrCreate(node.dataDir().resolve(LEDGER_KEY_FILE), new SecureRandom());
        this.hospital = new HospitalId(node.hospitalId());
        this.membership = properties.membershipFile() == null
                ? null
                : checked(properties.membershipFile(), properties.operatorKey(), node, ledgerKey);
    }

    /** This hospital's network id. */
    public HospitalId hospital() {
        return hospital;
    }

    /** The key this hospital signs its ledger entries and checkpoints with; never leaves the node. */
    public SigningKey ledgerKey() {
        return ledgerKey;
    }

    /** The membership, unless this node was started outside a network. */
    public Optional<Membership> current() {
        return Optional.ofNullable(membership);
    }

    private static Membership checked(Path file, String operatorKey, NodeProperties node, SigningKey ledgerKey) {
        if (operatorKey == null || operatorKey.isBlank()) {
            throw new IllegalStateException(
                    "carenet.network.operator-key is needed to check the membership " + file + " against");
        }
        Membership membership = MembershipFile.read(file);
        if (!membership.isSignedBy(VerifyingKey.fromBase64(operatorKey))) {
            throw new IllegalStateException("the membership " + file + " is not signed by the network operator");
        }
        Membership.Member self = membership
                .member(new HospitalId(node.hospitalId()))
                .orElseThrow(() ->
                        new IllegalStateException(node.hospitalId() + " is not a member of the network in " + file));
        if (!self.key().equals(ledgerKey.verifyingKey())) {
            throw new IllegalStateException("the membership lists another ledger key for " + node.hospitalId()
                    + " than the one in " + LEDGER_KEY_FILE);
        }
        return membership;
    }
}
