package org.carenet.access;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.carenet.access.internal.Passwords;
import org.carenet.access.internal.UserRecord;
import org.carenet.access.internal.UserRows;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, listing and changing the staff accounts of this node. */
@Service
public class StaffAccounts {

    public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 256;

    private final UserRows users;
    private final Passwords passwords;
    private final Clock clock;

    StaffAccounts(UserRows users, Passwords passwords, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
    }

    public StaffAccount create(String username, String password, Set<Role> roles) {
        if (!USERNAME.matcher(username).matches()) {
            throw new AccessProblems.Unprocessable("A username is 3 to 64 characters: lowercase letters, digits, '.',"
                    + " '_' or '-', starting with a letter or digit");
        }
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new AccessProblems.Unprocessable(
                    "A password is " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
        }
        return insert(username, password, roles);
    }

    /**
     * The first administrator, with the password the operator configured: a node that refused to start over the
     * password's length would help nobody, so only emptiness is refused here (and a short one is warned about).
     */
    StaffAccount createInitialAdmin(String username, String password) {
        if (password.isBlank() || password.length() > MAX_PASSWORD) {
            throw new IllegalArgumentException("the initial administrator's password is blank or too long");
        }
        return insert(username, password, EnumSet.of(Role.ADMIN));
    }

    private StaffAccount insert(String username, String password, Set<Role> roles) {
        Set<Role> checked = staffRoles(roles);
        Instant now = clock.instant();
        UserRecord user =
                new UserRecord(UserId.random(), username, passwords.hash(password), checked, true, 0, null, now, now);
        try {
            users.insert(user);
        } catch (DuplicateKeyException e) {
            throw new AccessProblems.UsernameTaken(username);
        }
        return view(user);
    }

    public Page<StaffAccount> list(int page, int size) {
        return new Page<>(
                users.page(page, size).stream().map(StaffAccounts::view).toList(), page, size, users.count());
    }

    public StaffAccount get(UserId id) {
        return users.find(id).map(StaffAccounts::view).orElseThrow(() -> new AccessProblems.UserNotFound(id));
    }

    /** Whether {@code password} is the account's, without counting a failure against it. */
    public boolean passwordMatches(UserId id, String password) {
        return users.find(id)
                .map(user -> passwords.matches(password, user.passwordHash()))
                .orElse(false);
    }

    public Optional<StaffAccount> findByUsername(String username) {
        return users.findByUsername(username).map(StaffAccounts::view);
    }

    /**
     * Changes an account's roles and whether it is enabled; absent values stay. Enabling an account also clears a
     * login lock. A node always keeps at least one enabled administrator.
     */
    @Transactional
    public StaffAccount update(UserId id, Optional<Set<Role>> roles, Optional<Boolean> enabled) {
        UserRecord user = users.findForUpdate(id).orElseThrow(() -> new AccessProblems.UserNotFound(id));
        Set<Role> newRoles = roles.map(StaffAccounts::staffRoles).orElse(user.roles());
        boolean newEnabled = enabled.orElse(user.enabled());
        boolean staysAdmin = newEnabled && newRoles.contains(Role.ADMIN);
        boolean wasAdmin = user.enabled() && user.roles().contains(Role.ADMIN);
        if (wasAdmin && !staysAdmin && users.countOtherEnabledAdmins(id) == 0) {
            throw new AccessProblems.Conflict("This change would leave the node without an enabled administrator");
        }
        users.update(id, newRoles, newEnabled, clock.instant());
        return get(id);
    }

    private static Set<Role> staffRoles(Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw new AccessProblems.Unprocessable("A staff account needs at least one role");
        }
        if (roles.contains(Role.PATIENT)) {
            throw new AccessProblems.Unprocessable(
                    "PATIENT is not a staff role: patients log in with their patient card");
        }
        return EnumSet.copyOf(roles);
    }

    private static StaffAccount view(UserRecord user) {
        return new StaffAccount(
                user.id(),
                user.username(),
                user.roles(),
                user.enabled(),
                user.lockedUntil(),
                user.createdAt(),
                user.updatedAt());
    }
}
