package org.carenet.access;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.carenet.access.internal.AccessTokens;
import org.carenet.access.internal.LiveSessions;
import org.carenet.access.internal.Passwords;
import org.carenet.access.internal.RefreshTokens;
import org.carenet.access.internal.SessionRows;
import org.carenet.access.internal.UserRecord;
import org.carenet.access.internal.UserRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Logins, refreshes and logouts of staff accounts and patients, and turning an access token back into its caller.
 * Every login, refresh and logout, successful or not, is in the audit trail.
 */
@Service
public class Authentication {

    /**
     * The cookie that carries a web page's access token (HttpOnly, SameSite=Strict). The API ignores it, so that a
     * browser cannot be tricked into calling the API with it.
     */
    public static final String SESSION_COOKIE = "carenet_session";

    private static final int MAX_AUDITED_NAME = 64;
    private static final Logger log = LoggerFactory.getLogger(Authentication.class);

    private final UserRows users;
    private final SessionRows sessions;
    private final LiveSessions live;
    private final Passwords passwords;
    private final AccessTokens accessTokens;
    private final AccessProperties properties;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ObjectProvider<PasswordLogins> passwordLogins;

    Authentication(
            UserRows users,
            SessionRows sessions,
            LiveSessions live,
            Passwords passwords,
            AccessTokens accessTokens,
            AccessProperties properties,
            AuditTrail audit,
            TransactionTemplate transactions,
            Clock clock,
            ObjectProvider<PasswordLogins> passwordLogins) {
        this.users = users;
        this.sessions = sessions;
        this.live = live;
        this.passwords = passwords;
        this.accessTokens = accessTokens;
        this.properties = properties;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.passwordLogins = passwordLogins;
    }

    public Tokens login(String username, String password) {
        Instant now = clock.instant();
        Optional<UserRecord> found = users.findByUsername(username);
        if (found.isEmpty()) {
            passwords.spendTheTimeOfACheck(password);
            auditLogin(auditedName(username), "", null, AuditOutcome.FAILURE, "unknown username");
            throw new AccessProblems.BadCredentials();
        }
        UserRecord user = found.get();
        String roles = Role.text(user.roles());
        if (user.lockedAt(now)) {
            auditLogin(user.username(), roles, user.id(), AuditOutcome.DENIED, "account locked");
            throw new AccessProblems.AccountLocked(user.lockedUntil());
        }
        if (!passwords.matches(password, user.passwordHash())) {
            Optional<Instant> locked =
                    users.recordFailedLogin(user.id(), properties.maxFailedLogins(), now.plus(properties.lockout()));
            auditLogin(
                    user.username(),
                    roles,
                    user.id(),
                    AuditOutcome.FAILURE,
                    locked.isPresent() ? "wrong password; account now locked" : "wrong password");
            if (locked.isPresent()) {
                throw new AccessProblems.AccountLocked(locked.get());
            }
            throw new AccessProblems.BadCredentials();
        }
        if (!user.enabled()) {
            auditLogin(user.username(), roles, user.id(), AuditOutcome.DENIED, "account disabled");
            throw new AccessProblems.AccountDisabled();
        }
        users.recordSuccessfulLogin(user.id());
        UUID sessionId = UUID.randomUUID();
        String refreshToken = RefreshTokens.newToken(sessionId);
        sessions.insert(
                sessionId, user.id(), RefreshTokens.hash(refreshToken), now, now.plus(properties.refreshTokenTtl()));
        auditLogin(user.username(), roles, user.id(), AuditOutcome.SUCCESS, null);
        CurrentUser caller = new CurrentUser(user.id(), user.username(), user.roles(), sessionId);
        char[] secret = password.toCharArray();
        try {
            for (PasswordLogins listener : passwordLogins.orderedStream().toList()) {
                listener.loggedIn(caller, secret);
            }
        } catch (RuntimeException e) {
            log.error(
                    "a password login of {} succeeded, but opening what its password seals failed", user.username(), e);
        } finally {
            Arrays.fill(secret, '\0');
        }
        return tokens(user.id(), sessionId, refreshToken);
    }

    /**
     * Opens a session for a patient whose identity the caller has established (by the signature of their card),
     * creating the patient's principal at this node on their first login.
     *
     * @param patient the patient's network identifier
     * @param how how the patient proved who they are, for the audit trail
     * @throws AccessProblems.AccountDisabled if an administrator disabled the patient's principal here
     */
    public Tokens loginPatient(String patient, String how) {
        Instant now = clock.instant();
        String username = CurrentUser.PATIENT_PREFIX + patient;
        Optional<UserRecord> principal = users.patientPrincipal(username, now);
        if (principal.isEmpty()) {
            auditLogin(username, Role.PATIENT.name(), null, AuditOutcome.DENIED, "patient disabled at this node");
            throw new AccessProblems.AccountDisabled();
        }
        UUID sessionId = UUID.randomUUID();
        String refreshToken = RefreshTokens.newToken(sessionId);
        UserId id = principal.get().id();
        sessions.insert(sessionId, id, RefreshTokens.hash(refreshToken), now, now.plus(properties.refreshTokenTtl()));
        auditLogin(username, Role.PATIENT.name(), id, AuditOutcome.SUCCESS, how);
        return tokens(id, sessionId, refreshToken);
    }

    /** Records a login a patient attempted and could not complete (a bad signature, an unknown card). */
    public void refusedPatientLogin(String patient, String why) {
        auditLogin(
                patient == null ? AuditEvent.ANONYMOUS : CurrentUser.PATIENT_PREFIX + auditedName(patient),
                Role.PATIENT.name(),
                null,
                AuditOutcome.FAILURE,
                why);
    }

    /**
     * Exchanges a refresh token for new tokens. The refresh token is rotated: presenting an old one again means it
     * was copied, and ends the session.
     */
    public Tokens refresh(String refreshToken) {
        RefreshTokens.Parsed parsed = RefreshTokens.parse(refreshToken)
                .orElseThrow(() -> refused("REFRESH", "The refresh token is malformed"));
        Instant now = clock.instant();
        Outcome outcome = transactions.execute(status -> {
            Optional<SessionRows.Session> found = sessions.findForUpdate(parsed.sessionId());
            if (found.isEmpty()) {
                return Outcome.refused(null, "The refresh token is unknown");
            }
            SessionRows.Session session = found.get();
            if (session.revokedAt() != null) {
                return Outcome.refused(session, "The session has ended");
            }
            if (!MessageDigest.isEqual(session.refreshTokenHash(), parsed.hash())) {
                sessions.revoke(session.id(), now);
                return Outcome.refused(session, "The refresh token was already used; the session is ended");
            }
            if (!session.expiresAt().isAfter(now)) {
                return Outcome.refused(session, "The session has expired; log in again");
            }
            Optional<CurrentUser> user = sessions.liveUser(session.id(), session.userId());
            if (user.isEmpty()) {
                return Outcome.refused(session, "The account is disabled");
            }
            String rotated = RefreshTokens.newToken(session.id());
            sessions.rotate(session.id(), RefreshTokens.hash(rotated));
            return new Outcome(user.get(), rotated, null);
        });
        if (outcome.refusal() != null) {
            throw refused("REFRESH", outcome.refusal());
        }
        CurrentUser user = outcome.user();
        auditSession(user, Operation.UPDATE, "REFRESH");
        return tokens(user.id(), user.sessionId(), outcome.refreshToken());
    }

    /** Ends the session the refresh token belongs to. Ending an ended session is not an error. */
    public void logout(String refreshToken) {
        RefreshTokens.Parsed parsed = RefreshTokens.parse(refreshToken)
                .orElseThrow(() -> refused("LOGOUT", "The refresh token is malformed"));
        Optional<CurrentUser> ended = transactions.execute(status -> {
            Optional<SessionRows.Session> session = sessions.findForUpdate(parsed.sessionId());
            if (session.isEmpty() || !MessageDigest.isEqual(session.get().refreshTokenHash(), parsed.hash())) {
                return Optional.<CurrentUser>empty();
            }
            Optional<CurrentUser> user =
                    sessions.liveUser(parsed.sessionId(), session.get().userId());
            sessions.revoke(parsed.sessionId(), clock.instant());
            return user;
        });
        if (ended.isEmpty()) {
            throw refused("LOGOUT", "The refresh token does not belong to a live session");
        }
        CurrentUser user = ended.get();
        auditSession(user, Operation.DELETE, "LOGOUT");
    }

    /**
     * Ends the caller's own session (the web UI's logout). The access policy audits it, as the DELETE SESSION of
     * the endpoint that calls this.
     */
    public void logout(CurrentUser user) {
        sessions.revoke(user.sessionId(), clock.instant());
    }

    /** The caller an access token belongs to, if the token is valid and its session is live. */
    public CurrentUser authenticate(String accessToken) {
        AccessTokens.Claims claims = accessTokens.verify(accessToken);
        return live.get(
                        claims.sessionId(),
                        claims.userId(),
                        () -> sessions.liveUser(claims.sessionId(), claims.userId()))
                .orElseThrow(
                        () -> new AccessProblems.Unauthenticated("The session has ended or the account is disabled"));
    }

    /**
     * A new access token for the web page session of {@code caller}, whose valid {@code accessToken} is past half its
     * lifetime: a page in use stays logged in, an idle one is logged out when its token expires, and no session is
     * renewed past its own expiry (the refresh tokens' lifetime from login). Empty while the token is fresh, or when
     * the session cannot be renewed. Renewals are audited.
     */
    public Optional<String> renewal(String accessToken, CurrentUser caller) {
        AccessTokens.Claims claims = accessTokens.verify(accessToken);
        Instant now = clock.instant();
        Duration ttl = properties.accessTokenTtl();
        if (claims.expiresAt().isAfter(now.plus(ttl.dividedBy(2)))) {
            return Optional.empty();
        }
        Optional<Instant> sessionExpiry = sessions.expiryOfUnrevoked(claims.sessionId());
        if (sessionExpiry.isEmpty() || sessionExpiry.get().isBefore(now.plus(ttl))) {
            return Optional.empty();
        }
        String renewed = accessTokens.issue(claims.userId(), claims.sessionId()).token();
        auditSession(caller, Operation.UPDATE, "RENEW");
        return Optional.of(renewed);
    }

    /** The lifetime of access tokens, for cookies that carry them. */
    public Duration accessTokenTtl() {
        return properties.accessTokenTtl();
    }

    private record Outcome(CurrentUser user, String refreshToken, String refusal) {
        static Outcome refused(SessionRows.Session session, String why) {
            return new Outcome(null, null, why);
        }
    }

    private Tokens tokens(UserId user, UUID sessionId, String refreshToken) {
        AccessTokens.Issued access = accessTokens.issue(user, sessionId);
        return new Tokens(access.token(), "Bearer", properties.accessTokenTtl().toSeconds(), refreshToken);
    }

    private AccessProblems.Unauthenticated refused(String action, String why) {
        audit.record(new AuditEvent(
                AuditEvent.ANONYMOUS, "", action, Resource.SESSION.name(), null, AuditOutcome.UNAUTHENTICATED, why));
        return new AccessProblems.Unauthenticated(why);
    }

    private void auditSession(CurrentUser user, Operation operation, String action) {
        audit.record(AuditEvent.of(
                        user, operation, Resource.SESSION, user.sessionId().toString(), AuditOutcome.SUCCESS)
                .withAction(action));
    }

    private void auditLogin(String actor, String roles, UserId user, AuditOutcome outcome, String detail) {
        audit.record(new AuditEvent(
                actor,
                roles,
                "LOGIN",
                Resource.SESSION.name(),
                user == null ? null : user.toString(),
                outcome,
                detail));
    }

    /** Attempted usernames are recorded as typed, but bounded and without control characters. */
    private static String auditedName(String username) {
        String printable = username.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > MAX_AUDITED_NAME ? printable.substring(0, MAX_AUDITED_NAME) + "…" : printable;
    }
}
