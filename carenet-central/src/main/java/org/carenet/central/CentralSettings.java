package org.carenet.central;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The central server's settings.
 *
 * @param membership the membership file the network operator signed
 * @param operatorKey the operator's public key (base64): the membership must be signed with it, or the server
 *     refuses to start
 * @param partitions how many ordering partitions; the same number every hospital is configured with, and fixed for
 *     the life of the ledger
 * @param clockSkew how far a request's signed timestamp may be from this server's clock
 * @param maxRequest the largest request body accepted (an entry's value is at most 64 Ki characters)
 */
@ConfigurationProperties("carenet.central")
public record CentralSettings(
        Path membership,
        String operatorKey,
        @DefaultValue("16") int partitions,
        @DefaultValue("5m") Duration clockSkew,
        @DefaultValue("1MB") DataSize maxRequest) {

    public CentralSettings {
        if (membership == null || operatorKey == null || operatorKey.isBlank()) {
            throw new IllegalArgumentException(
                    "carenet.central.membership (the signed membership file) and carenet.central.operator-key (the"
                            + " operator's public key) are required");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("carenet.central.partitions must be at least 1, not " + partitions);
        }
        if (clockSkew.isNegative() || maxRequest.toBytes() < 1) {
            throw new IllegalArgumentException("the clock skew and the largest request must be positive");
        }
    }
}
