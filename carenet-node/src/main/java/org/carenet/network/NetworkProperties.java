package org.carenet.network;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param membershipFile the network's membership document ({@code carenet-membership/1}); none for a node that is
 *     not (yet) part of a network
 * @param operatorKey the network operator's Ed25519 public key (base64), which must have signed the membership
 */
@ConfigurationProperties("carenet.network")
public record NetworkProperties(Path membershipFile, String operatorKey) {

    public NetworkProperties {
        if (membershipFile != null && membershipFile.toString().isBlank()) {
            membershipFile = null;
        }
    }
}
