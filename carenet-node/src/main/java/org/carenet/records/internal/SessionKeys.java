package org.carenet.records.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.carenet.access.AccessProperties;
import org.carenet.card.DataKey;
import org.carenet.card.PatientCard;
import org.carenet.card.PhysicianIdentity;
import org.springframework.stereotype.Component;

/**
 * Private keys a session brought with it, held in this node's memory only, never written anywhere: the card a
 * patient uploaded (the web portal's login), or the network identity a physician's password opened at login. They
 * last no longer than the session could, and a node that restarts has forgotten them: the caller logs in again.
 * Keys are found by session id, and a request reaches them only after its token was checked against a live session.
 *
 * <p>A session also remembers the data keys it unwrapped, with the wrapped bytes it unwrapped them from: reading a
 * visit again (a physician going back to a chart, a patient's portal) skips the X25519 agreement, while a wrap that
 * is gone or different (a revoked grant) is a miss, so the node still opens only what the database wraps to the
 * reader.
 */
@Component
public class SessionKeys {

    private static final int MAX_SESSIONS = 100_000;
    private static final int MAX_OPENED_PER_SESSION = 10_000;

    /** A data key, and the wrap it was opened from. */
    private record Opened(byte[] wrapped, DataKey key) {}

    private record Held(
            PatientCard card, PhysicianIdentity identity, long expiresAtNanos, Map<String, Opened> opened) {}

    private final Map<UUID, Held> held = new ConcurrentHashMap<>();
    private final long ttlNanos;

    SessionKeys(AccessProperties access) {
        this.ttlNanos = access.refreshTokenTtl().toNanos();
    }

    public void holdCard(UUID session, PatientCard card) {
        hold(session, card, null);
    }

    public void holdIdentity(UUID session, PhysicianIdentity identity) {
        hold(session, null, identity);
    }

    public Optional<PatientCard> card(UUID session) {
        return live(session).map(Held::card);
    }

    public Optional<PhysicianIdentity> identity(UUID session) {
        return live(session).map(Held::identity);
    }

    /** The data key this session opened before, for {@code reader}, from exactly the {@code wrapped} bytes. */
    public Optional<DataKey> opened(UUID session, String reader, UUID visit, byte[] wrapped) {
        return live(session)
                .map(entry -> entry.opened().get(reader + "/" + visit))
                .filter(opened -> Arrays.equals(opened.wrapped(), wrapped))
                .map(Opened::key);
    }

    /** Remembers a data key the session opened; only a session holding keys remembers any. */
    public void opened(UUID session, String reader, UUID visit, byte[] wrapped, DataKey key) {
        live(session).ifPresent(entry -> {
            if (entry.opened().size() >= MAX_OPENED_PER_SESSION) {
                entry.opened().clear();
            }
            entry.opened().put(reader + "/" + visit, new Opened(wrapped.clone(), key));
        });
    }

    /**
     * Forgets a card the session held (a patient who left the physician's desk), and the keys it opened, keeping
     * the rest.
     */
    public void forgetCard(UUID session, String cardReader) {
        held.computeIfPresent(session, (id, entry) -> {
            if (entry.identity() == null) {
                return null;
            }
            entry.opened().keySet().removeIf(key -> key.startsWith(cardReader + "/"));
            return new Held(null, entry.identity(), entry.expiresAtNanos(), entry.opened());
        });
    }

    private void hold(UUID session, PatientCard card, PhysicianIdentity identity) {
        long now = System.nanoTime();
        if (held.size() >= MAX_SESSIONS) {
            held.values().removeIf(entry -> now - entry.expiresAtNanos() >= 0);
        }
        held.merge(
                session,
                new Held(card, identity, now + ttlNanos, new ConcurrentHashMap<>()),
                (old, added) -> new Held(
                        added.card() != null ? added.card() : old.card(),
                        added.identity() != null ? added.identity() : old.identity(),
                        added.expiresAtNanos(),
                        old.opened()));
    }

    private Optional<Held> live(UUID session) {
        Held entry = held.get(session);
        if (entry == null) {
            return Optional.empty();
        }
        if (System.nanoTime() - entry.expiresAtNanos() >= 0) {
            held.remove(session, entry);
            return Optional.empty();
        }
        return Optional.of(entry);
    }
}
