package org.carenet.platform;

import java.nio.file.Path;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who this node is: the hospital it serves, and where it keeps the files that must never go into the database
 * (private keys).
 *
 * @param hospitalName the hospital's display name, a line of {@code data/hospitals.txt}
 * @param hospitalId the hospital's network id; the slug of its name when not given
 * @param dataDir the node's private directory; {@code ./run/<hospital-id>} when not given
 */
@ConfigurationProperties("carenet.node")
public record NodeProperties(String hospitalName, String hospitalId, Path dataDir) {

    public NodeProperties {
        if (hospitalName == null || hospitalName.isBlank()) {
            hospitalName = "Carenet Hospital";
        }
        if (hospitalId == null || hospitalId.isBlank()) {
            hospitalId = slug(hospitalName);
        }
        if (dataDir == null) {
            dataDir = Path.of("run", hospitalId);
        }
    }

    /** A hospital's id is the slug of its name: lowercase, every run of other characters one {@code -}. */
    public static String slug(String name) {
        String slug =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (slug.isEmpty()) {
            throw new IllegalArgumentException("hospital name '" + name + "' has no letters or digits");
        }
        return slug;
    }
}
