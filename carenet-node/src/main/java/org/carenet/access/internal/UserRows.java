package org.carenet.access.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.carenet.access.Role;
import org.carenet.access.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The staff accounts table. */
@Repository
public class UserRows {

    private static final String COLUMNS =
            "id, username, password_hash, roles, enabled, failed_logins, locked_until, created_at, updated_at";

    private final JdbcClient jdbc;
    private final LiveSessions live;

    UserRows(JdbcClient jdbc, LiveSessions live) {
        this.jdbc = jdbc;
        this.live = live;
    }

    public void insert(UserRecord user) {
        jdbc.sql("insert into access.users (" + COLUMNS + ") values (?, ?, ?, ?::text[], ?, ?, ?, ?, ?)")
                .params(
                        user.id().value(),
                        user.username(),
                        user.passwordHash(),
                        rolesArray(user.roles()),
                        user.enabled(),
                        user.failedLogins(),
                        timestamp(user.lockedUntil()),
                        timestamp(user.createdAt()),
                        timestamp(user.updatedAt()))
                .update();
    }

    /** A staff account (not a patient's principal). */
    public Optional<UserRecord> find(UserId id) {
        return jdbc.sql("select " + COLUMNS + " from access.users where id = ? and kind = 'STAFF'")
                .param(id.value())
                .query(UserRows::row)
                .optional();
    }

    /** The staff account that logs in with this username. */
    public Optional<UserRecord> findByUsername(String username) {
        return jdbc.sql("select " + COLUMNS + " from access.users where username = ? and kind = 'STAFF'")
                .param(username)
                .query(UserRows::row)
                .optional();
    }

    public List<UserRecord> page(int page, int size) {
        return jdbc.sql("select " + COLUMNS + " from access.users where kind = 'STAFF' order by username limit ? offset"
                        + " ?")
                .params(size, (long) page * size)
                .query(UserRows::row)
                .list();
    }

    public long count() {
        return jdbc.sql("select count(*) from access.users where kind = 'STAFF'")
                .query(Long.class)
                .single();
    }

    /** Locks the row for the rest of the transaction, so concurrent changes to one account serialise. */
    public Optional<UserRecord> findForUpdate(UserId id) {
        return jdbc.sql("select " + COLUMNS + " from access.users where id = ? and kind = 'STAFF' for update")
                .param(id.value())
                .query(UserRows::row)
                .optional();
    }

    /**
     * The principal a patient's sessions belong to, created the first time the patient logs in here. Returns
     * empty if an administrator disabled it.
     */
    public Optional<UserRecord> patientPrincipal(String username, Instant now) {
        jdbc.sql("insert into access.users (id, username, password_hash, roles, enabled, failed_logins, created_at,"
                        + " updated_at, kind) values (?, ?, null, '{PATIENT}', true, 0, ?, ?, 'PATIENT') on conflict"
                        + " (username) do nothing")
                .params(UserId.random().value(), username, timestamp(now), timestamp(now))
                .update();
        return jdbc.sql("select " + COLUMNS + " from access.users where username = ? and kind = 'PATIENT' and enabled")
                .param(username)
                .query(UserRows::row)
                .optional();
    }

    /** Enabled administrators other than the given account, locking them so that the count stays true. */
    public long countOtherEnabledAdmins(UserId except) {
        return jdbc.sql("select id from access.users where enabled and 'ADMIN' = any(roles) and id <> ? for update")
                .param(except.value())
                .query(UUID.class)
                .list()
                .size();
    }

    public void update(UserId id, Set<Role> roles, boolean enabled, Instant now) {
        jdbc.sql("update access.users set roles = ?::text[], enabled = ?, failed_logins = case when ? then 0 else"
                        + " failed_logins end, locked_until = case when ? then null else locked_until end,"
                        + " updated_at = ? where id = ?")
                .params(rolesArray(roles), enabled, enabled, enabled, timestamp(now), id.value())
                .update();
        live.forgetUser(id);
    }

    /**
     * Counts a failed login and locks the account when the count reaches {@code max}, in one statement so that
     * concurrent guesses cannot slip past the limit. Returns the lock's end, if the account is now locked.
     */
    public Optional<Instant> recordFailedLogin(UserId id, int max, Instant lockedUntil) {
        return jdbc.sql("update access.users set failed_logins = failed_logins + 1, locked_until = case when"
                        + " failed_logins + 1 >= ? then ? else locked_until end where id = ? returning locked_until")
                .params(max, timestamp(lockedUntil), id.value())
                .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single();
    }

    public void recordSuccessfulLogin(UserId id) {
        jdbc.sql("update access.users set failed_logins = 0, locked_until = null where id = ? and (failed_logins <> 0"
                        + " or locked_until is not null)")
                .param(id.value())
                .update();
    }

    static String rolesArray(Set<Role> roles) {
        return "{" + String.join(",", roles.stream().map(Role::name).sorted().toList()) + "}";
    }

    static Set<Role> roles(Array array) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream((String[]) array.getArray()).map(Role::valueOf).forEach(roles::add);
        return roles;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static UserRecord row(ResultSet rs, int n) throws SQLException {
        return new UserRecord(
                new UserId(rs.getObject("id", UUID.class)),
                rs.getString("username"),
                rs.getString("password_hash"),
                roles(rs.getArray("roles")),
                rs.getBoolean("enabled"),
                rs.getInt("failed_logins"),
                instant(rs.getTimestamp("locked_until")),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")));
    }
}
