package org.carenet.access;

import java.time.Instant;
import java.util.Set;
import org.carenet.platform.ProblemException;
import org.springframework.http.HttpStatus;

/** The ways access can be refused, each with its own problem type. */
public final class AccessProblems {

    private AccessProblems() {}

    /** No session, or a session that is expired, tampered with, revoked or disabled: 401. */
    public static final class Unauthenticated extends ProblemException {
        public Unauthenticated(String detail) {
            super(HttpStatus.UNAUTHORIZED, "unauthenticated", detail);
        }
    }

    /** Wrong username or password: 401, saying no more than that. */
    public static final class BadCredentials extends ProblemException {
        public BadCredentials() {
            super(HttpStatus.UNAUTHORIZED, "bad-credentials", "Invalid username or password");
        }
    }

    /** Too many failed logins: 423 until the lock expires. */
    public static final class AccountLocked extends ProblemException {
        private final Instant until;

        public AccountLocked(Instant until) {
            super(
                    HttpStatus.LOCKED,
                    "account-locked",
                    "This account is locked after repeated failed logins until " + until
                            + "; an administrator can unlock it sooner");
            this.until = until;
        }

        public Instant until() {
            return until;
        }
    }

    /** The account exists and the password is right, but an administrator disabled it: 403. */
    public static final class AccountDisabled extends ProblemException {
        public AccountDisabled() {
            super(HttpStatus.FORBIDDEN, "account-disabled", "This account is disabled");
        }
    }

    /** The permission matrix does not allow the operation: 403. */
    public static final class Forbidden extends ProblemException {
        public Forbidden(CurrentUser user, Operation operation, Resource resource) {
            super(
                    HttpStatus.FORBIDDEN,
                    "forbidden",
                    "Role(s) " + user.rolesText() + " may not " + operation + " " + resource);
        }

        public Forbidden(CurrentUser user, Set<Role> callers) {
            super(
                    HttpStatus.FORBIDDEN,
                    "forbidden",
                    "This endpoint serves "
                            + String.join(
                                    ", ",
                                    callers.stream().map(Role::name).sorted().toList()) + " sessions, not role(s) "
                            + user.rolesText());
        }
    }

    public static final class UserNotFound extends ProblemException {
        public UserNotFound(UserId id) {
            super(HttpStatus.NOT_FOUND, "user-not-found", "No user with id " + id);
        }
    }

    public static final class UsernameTaken extends ProblemException {
        public UsernameTaken(String username) {
            super(HttpStatus.CONFLICT, "username-taken", "The username '" + username + "' is already taken");
        }
    }

    /** A change that is well-formed but not allowed, such as removing the last administrator: 409. */
    public static final class Conflict extends ProblemException {
        public Conflict(String detail) {
            super(HttpStatus.CONFLICT, "conflict", detail);
        }
    }

    /** A request that is well-formed JSON but asks for something invalid: 422. */
    public static final class Unprocessable extends ProblemException {
        public Unprocessable(String detail) {
            super(HttpStatus.UNPROCESSABLE_CONTENT, "unprocessable", detail);
        }
    }
}
