package org.carenet.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param accessTokenTtl how long an access token is valid
 * @param refreshTokenTtl how long a login session can be refreshed
 * @param maxFailedLogins consecutive failed logins that lock an account
 * @param lockout how long a locked account stays locked
 * @param initialAdminPassword the password of the {@code admin} account created at first start; generated and
 *     shown once when blank
 * @param sessionCacheTtl how long a live session's caller is remembered between requests; changes made through the
 *     node take effect at once regardless, this bounds changes made directly in the database; zero turns it off
 */
@ConfigurationProperties("carenet.access")
public record AccessProperties(
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        int maxFailedLogins,
        Duration lockout,
        String initialAdminPassword,
        Duration sessionCacheTtl) {

    public AccessProperties {
        accessTokenTtl = accessTokenTtl == null ? Duration.ofMinutes(15) : accessTokenTtl;
        refreshTokenTtl = refreshTokenTtl == null ? Duration.ofHours(8) : refreshTokenTtl;
        maxFailedLogins = maxFailedLogins <= 0 ? 5 : maxFailedLogins;
        lockout = lockout == null ? Duration.ofMinutes(15) : lockout;
        sessionCacheTtl = sessionCacheTtl == null ? Duration.ofSeconds(10) : sessionCacheTtl;
    }
}
