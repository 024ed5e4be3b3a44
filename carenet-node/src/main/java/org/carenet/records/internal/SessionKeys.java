package org.carenet.records.internal;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.carenet.access.AccessProperties;
import org.carenet.card.PatientCard;
import org.carenet.card.PhysicianIdentity;
import org.springframework.stereotype.Component;

/**
 * Private keys a session brought with it, held in this node's memory only, never written anywhere: the card a
 * patient uploaded (the web portal's login), or the network identity a physician's password opened at login. They
 * last no longer than the session could, and a node that restarts has forgotten them: the caller logs in again.
 * Keys are found by session id, and a request reaches them only after its token was checked against a live session.
 */
@Component
public class SessionKeys {

    private static final int MAX_SESSIONS = 100_000;

    private record Held(PatientCard card, PhysicianIdentity identity, long expiresAtNanos) {}

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

    /** Forgets a card the session held (a patient who left the physician's desk), keeping the rest. */
    public void forgetCard(UUID session) {
        held.computeIfPresent(
                session,
                (id, entry) ->
                        entry.identity() == null ? null : new Held(null, entry.identity(), entry.expiresAtNanos()));
    }

    private void hold(UUID session, PatientCard card, PhysicianIdentity identity) {
        long now = System.nanoTime();
        if (held.size() >= MAX_SESSIONS) {
            held.values().removeIf(entry -> now - entry.expiresAtNanos() >= 0);
        }
        held.merge(
                session,
                new Held(card, identity, now + ttlNanos),
                (old, added) -> new Held(
                        added.card() != null ? added.card() : old.card(),
                        added.identity() != null ? added.identity() : old.identity(),
                        added.expiresAtNanos()));
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
