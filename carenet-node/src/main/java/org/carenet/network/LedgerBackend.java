package org.carenet.network;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** What orders the network ledger's entries. Every hospital of a network must use the same. */
public enum LedgerBackend {
    /** This node has no ledger (it is not part of a network). */
    NONE,
    /** One Kafka topic partitioned by key; every hospital consumes it as its own consumer group. */
    KAFKA,
    /** The central ledger server (carenet-central) in front of PostgreSQL or MariaDB. */
    SQL,
    /** An Apache Ratis group whose peers are the hospital nodes themselves. */
    RAFT;

    /** The seed's CONSISTENT_STORAGE_BACKEND names. */
    private static final Map<String, LedgerBackend> ALIASES =
            Map.of("sagas", KAFKA, "centraldb", SQL, "bigchain", RAFT);

    public static LedgerBackend named(String name) {
        String normalized = name.strip().toLowerCase(Locale.ROOT);
        if (ALIASES.containsKey(normalized)) {
            return ALIASES.get(normalized);
        }
        return Arrays.stream(values())
                .filter(backend -> backend.configName().equals(normalized))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no ledger backend '" + name
                        + "': one of none, kafka, sql, raft (or the seed's sagas, centraldb, bigchain)"));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
