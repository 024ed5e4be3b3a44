package org.carenet.records.internal;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.carenet.access.AccessProperties;
import org.carenet.access.SessionEnded;
import org.carenet.card.Agreements;
import org.carenet.card.PatientCard;
import org.carenet.card.PhysicianIdentity;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Private keys a session brought with it, held in this node's memory only, never written anywhere: the card a
 * patient uploaded (the web portal's login, or a patient at a physician's desk), or the network identity a
 * physician's password opened at login. They last no longer than the session could, and a node that restarts has
 * forgotten them: the caller logs in again. Keys are found by session id, and a request reaches them only after its
 * token was checked against a live session.
 *
 * <p>With each key the session keeps its {@link Agreements}: the X25519 agreements it made, so that wrapping or
 * opening many visits between the same two parties costs one agreement.
 */
@Component
public class SessionKeys {

    private static final int MAX_SESSIONS = 100_000;

    /**
     * A key, the agreements made with it, and the network identifier of its holder (worked out once, when the session
     * opened it: a physician's is a hash of the signing key).
     */
    public record Held<K>(K key, Agreements agreements, String holder) {}

    private record Entry(Held<PatientCard> card, Held<PhysicianIdentity> identity, long expiresAtNanos) {}

    private final Map<UUID, Entry> held = new ConcurrentHashMap<>();
    private final long ttlNanos;

    SessionKeys(AccessProperties access) {
        this.ttlNanos = access.refreshTokenTtl().toNanos();
    }

    public void holdCard(UUID session, PatientCard card) {
        hold(
                session,
                new Held<>(
                        card,
                        new Agreements(card.encryptionKey()),
                        card.patient().value()),
                null);
    }

    public void holdIdentity(UUID session, PhysicianIdentity identity) {
        hold(
                session,
                null,
                new Held<>(
                        identity,
                        new Agreements(identity.encryptionKey()),
                        identity.id().value()));
    }

    public Optional<PatientCard> card(UUID session) {
        return heldCard(session).map(Held::key);
    }

    public Optional<Held<PatientCard>> heldCard(UUID session) {
        return live(session).map(Entry::card);
    }

    public Optional<PhysicianIdentity> identity(UUID session) {
        return heldIdentity(session).map(Held::key);
    }

    public Optional<Held<PhysicianIdentity>> heldIdentity(UUID session) {
        return live(session).map(Entry::identity);
    }

    /** Lets go of everything a session held, once it ended. */
    @EventListener
    void on(SessionEnded ended) {
        held.remove(ended.sessionId());
    }

    /** Forgets a card the session held (a patient who left the physician's desk), keeping the rest. */
    public void forgetCard(UUID session) {
        held.computeIfPresent(
                session,
                (id, entry) ->
                        entry.identity() == null ? null : new Entry(null, entry.identity(), entry.expiresAtNanos()));
    }

    private void hold(UUID session, Held<PatientCard> card, Held<PhysicianIdentity> identity) {
        long now = System.nanoTime();
        if (held.size() >= MAX_SESSIONS) {
            held.values().removeIf(entry -> now - entry.expiresAtNanos() >= 0);
        }
        held.merge(
                session,
                new Entry(card, identity, now + ttlNanos),
                (old, added) -> new Entry(
                        added.card() != null ? added.card() : old.card(),
                        added.identity() != null ? added.identity() : old.identity(),
                        added.expiresAtNanos()));
    }

    private Optional<Entry> live(UUID session) {
        Entry entry = held.get(session);
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
