package org.carenet.ledger.sql;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.SigningKey;

/**
 * How a hospital reaches the central server of the sql backend.
 *
 * @param central the server's base URL, e.g. {@code http://central.example:8090}
 * @param hospital this hospital's id, as the membership lists it
 * @param key this hospital's signing key: it signs every request
 * @param partitions the ledger's partition count; must be the central's
 * @param longPoll how long one fetch of entries waits at the central when there are none yet
 * @param batch at most this many entries per fetch
 * @param requestTimeout how long an append or a position query may take
 */
public record SqlLedgerSettings(
        URI central,
        HospitalId hospital,
        SigningKey key,
        int partitions,
        Duration longPoll,
        int batch,
        Duration requestTimeout) {

    public static final Duration DEFAULT_LONG_POLL = Duration.ofSeconds(20);
    public static final int DEFAULT_BATCH = 500;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public SqlLedgerSettings {
        Objects.requireNonNull(central, "central");
        Objects.requireNonNull(hospital, "hospital");
        Objects.requireNonNull(key, "key");
        if (partitions < 1) {
            throw new IllegalArgumentException("at least one partition, not " + partitions);
        }
        if (longPoll.isNegative() || batch < 1 || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("the long poll, batch and request timeout must be positive");
        }
        String base = central.toString();
        central = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    /** The defaults for everything but where the central is and who this hospital is. */
    public SqlLedgerSettings(URI central, HospitalId hospital, SigningKey key, int partitions) {
        this(central, hospital, key, partitions, DEFAULT_LONG_POLL, DEFAULT_BATCH, DEFAULT_REQUEST_TIMEOUT);
    }
}
