package org.carenet.access.internal;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.carenet.access.AccessProperties;
import org.carenet.access.CurrentUser;
import org.carenet.access.UserId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The callers of live sessions, remembered for a few seconds so that a request does not need a database round trip
 * to learn who is calling. Every change that ends a session or changes an account (revoke, disable, new roles)
 * forgets the affected entries when it commits, so those take effect on the next request as before; the time limit
 * only bounds how long a change made behind the node's back (directly in the database) can go unnoticed.
 */
@Component
public class LiveSessions {

    private static final int MAX_ENTRIES = 100_000;

    private record Entry(CurrentUser user, long expiresAtNanos) {}

    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong forgets = new AtomicLong();
    private final long ttlNanos;

    LiveSessions(AccessProperties properties) {
        this.ttlNanos = properties.sessionCacheTtl().toNanos();
    }

    /** The live caller of the session, from memory or else from {@code load}. */
    public Optional<CurrentUser> get(UUID sessionId, UserId userId, Supplier<Optional<CurrentUser>> load) {
        Entry entry = entries.get(sessionId);
        long now = System.nanoTime();
        if (entry != null
                && now - entry.expiresAtNanos() < 0
                && entry.user().id().equals(userId)) {
            return Optional.of(entry.user());
        }
        // a forget that happens while loading may concern what was loaded: then it is not remembered
        long forgetsBefore = forgets.get();
        Optional<CurrentUser> loaded = load.get();
        if (loaded.isPresent() && ttlNanos > 0 && forgets.get() == forgetsBefore) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(sessionId, new Entry(loaded.get(), now + ttlNanos));
        }
        return loaded;
    }

    /** Forgets a session, now and again when the current transaction commits. */
    public void forgetSession(UUID sessionId) {
        forget(() -> entries.remove(sessionId));
    }

    /** Forgets every session of an account, now and again when the current transaction commits. */
    public void forgetUser(UserId userId) {
        forget(() -> entries.values().removeIf(entry -> entry.user().id().equals(userId)));
    }

    private void forget(Runnable removal) {
        forgets.incrementAndGet();
        removal.run();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forgets.incrementAndGet();
                    removal.run();
                }
            });
        }
    }
}
