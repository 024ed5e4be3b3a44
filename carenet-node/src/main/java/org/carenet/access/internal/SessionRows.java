package org.carenet.access.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.carenet.access.CurrentUser;
import org.carenet.access.SessionEnded;
import org.carenet.access.UserId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Login sessions. */
@Repository
public class SessionRows {

    private final JdbcClient jdbc;
    private final LiveSessions live;
    private final ApplicationEventPublisher events;

    SessionRows(JdbcClient jdbc, LiveSessions live, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.live = live;
        this.events = events;
    }

    public record Session(UUID id, UserId userId, byte[] refreshTokenHash, Instant expiresAt, Instant revokedAt) {}

    public void insert(UUID id, UserId user, byte[] refreshTokenHash, Instant now, Instant expiresAt) {
        jdbc.sql("insert into access.sessions (id, user_id, refresh_token_hash, created_at, expires_at) values (?, ?,"
                        + " ?, ?, ?)")
                .params(id, user.value(), refreshTokenHash, Timestamp.from(now), Timestamp.from(expiresAt))
                .update();
    }

    /** Locks the session for the rest of the transaction, so that a refresh token is used at most once. */
    public Optional<Session> findForUpdate(UUID id) {
        return jdbc.sql("select id, user_id, refresh_token_hash, expires_at, revoked_at from access.sessions where id"
                        + " = ? for update")
                .param(id)
                .query((rs, n) -> new Session(
                        rs.getObject(1, UUID.class),
                        new UserId(rs.getObject(2, UUID.class)),
                        rs.getBytes(3),
                        rs.getTimestamp(4).toInstant(),
                        Optional.ofNullable(rs.getTimestamp(5))
                                .map(Timestamp::toInstant)
                                .orElse(null)))
                .optional();
    }

    public void rotate(UUID id, byte[] refreshTokenHash) {
        jdbc.sql("update access.sessions set refresh_token_hash = ? where id = ?")
                .params(refreshTokenHash, id)
                .update();
    }

    public void revoke(UUID id, Instant now) {
        jdbc.sql("update access.sessions set revoked_at = ? where id = ? and revoked_at is null")
                .params(Timestamp.from(now), id)
                .update();
        live.forgetSession(id);
        events.publishEvent(new SessionEnded(id));
    }

    /** When a session that has not been revoked expires (its refresh tokens' lifetime from login). */
    public Optional<Instant> expiryOfUnrevoked(UUID id) {
        return jdbc.sql("select expires_at from access.sessions where id = ? and revoked_at is null")
                .param(id)
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    /** The caller of a live session: the session is not revoked and its account is enabled. */
    public Optional<CurrentUser> liveUser(UUID sessionId, UserId userId) {
        return jdbc.sql("select u.id, u.username, u.roles from access.sessions s join access.users u on u.id ="
                        + " s.user_id where s.id = ? and s.user_id = ? and s.revoked_at is null and u.enabled")
                .params(sessionId, userId.value())
                .query((rs, n) -> new CurrentUser(
                        new UserId(rs.getObject(1, UUID.class)),
                        rs.getString(2),
                        UserRows.roles(rs.getArray(3)),
                        sessionId))
                .optional();
    }
}
