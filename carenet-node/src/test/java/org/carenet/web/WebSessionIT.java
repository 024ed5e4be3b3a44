package org.carenet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carenet.access.AccessProperties;
import org.carenet.access.AuditEntry;
import org.carenet.access.AuditQuery;
import org.carenet.access.AuditTrail;
import org.carenet.access.Authentication;
import org.carenet.access.InitialAdmin;
import org.carenet.testing.MutableClock;
import org.carenet.testing.NodeTest;
import org.carenet.testing.PageClient;
import org.carenet.testing.TestClockConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** A browser's session over time: renewed while its pages are in use, ended when idle, and the way back in. */
@NodeTest
@Import(TestClockConfiguration.class)
class WebSessionIT {

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    AccessProperties access;

    @Autowired
    AuditTrail audit;

    PageClient pages;

    @BeforeEach
    void setUp() {
        pages = new PageClient(port);
    }

    @Test
    void aPageInUseGetsANewCookieOnceItsTokenIsPastHalfItsLifeAndOutlivesTheFirstToken() {
        Duration ttl = access.accessTokenTtl();
        String first = pages.login(InitialAdmin.USERNAME, NodeTest.ADMIN_PASSWORD);

        clock.advance(ttl.dividedBy(3));
        Instant beforeFresh = clock.instant();
        PageClient.Page fresh = pages.get("/", first);
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.cookies()).isEmpty();
        assertThat(sessionActionsSince(beforeFresh)).doesNotContain("RENEW");

        clock.advance(ttl.dividedBy(3));
        Instant beforeRenewal = clock.instant();
        PageClient.Page renewing = pages.get("/", first);
        assertThat(sessionActionsSince(beforeRenewal))
                .as("the renewal is audited")
                .containsOnlyOnce("RENEW");
        assertThat(renewing.status()).isEqualTo(200);
        assertThat(renewing.cookies())
                .singleElement()
                .asString()
                .contains("HttpOnly", "SameSite=Strict", "Max-Age=" + ttl.toSeconds());
        String renewed = renewing.sessionCookie();
        assertThat(renewed).isNotEqualTo(first);

        clock.advance(ttl.dividedBy(2));
        assertThat(pages.get("/", first).status())
                .as("the first token has expired")
                .isEqualTo(302);
        assertThat(pages.get("/", renewed).status()).isEqualTo(200);
    }

    @Test
    void anIdlePageIsLoggedOutWhenItsTokenExpires() {
        String session = pages.login(InitialAdmin.USERNAME, NodeTest.ADMIN_PASSWORD);

        clock.advance(access.accessTokenTtl().plusSeconds(1));
        PageClient.Page page = pages.get("/admin/users", session);

        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).endsWith("/login?next=%2Fadmin%2Fusers");
        assertThat(page.cookies()).isEmpty();
    }

    @Test
    void renewalsNeverOutliveTheSessionsOwnExpiry() {
        Duration step = access.accessTokenTtl().dividedBy(2).plusSeconds(1);
        Duration lifetime = access.refreshTokenTtl();
        String session = pages.login(InitialAdmin.USERNAME, NodeTest.ADMIN_PASSWORD);

        Duration used = Duration.ZERO;
        int status = 200;
        while (status == 200 && used.compareTo(lifetime.multipliedBy(2)) < 0) {
            clock.advance(step);
            used = used.plus(step);
            PageClient.Page page = pages.get("/", session);
            status = page.status();
            if (!page.cookies().isEmpty()) {
                session = page.sessionCookie();
            }
        }

        assertThat(status).as("a page in use is logged out at last").isEqualTo(302);
        assertThat(used)
                .as("in use, the session lasts until its own expiry, and not past it")
                .isGreaterThan(lifetime.minus(access.accessTokenTtl()))
                .isLessThanOrEqualTo(lifetime.plus(step));
    }

    @Test
    void theLoginReturnsToThePageFirstAskedFor() {
        PageClient.Page asked = pages.get("/admin/users?page=2", null);
        assertThat(asked.status()).isEqualTo(302);
        assertThat(asked.header("Location")).endsWith("/login?next=%2Fadmin%2Fusers%3Fpage%3D2");

        PageClient.Page form = pages.get("/login?next=%2Fadmin%2Fusers%3Fpage%3D2", null);
        assertThat(form.body())
                .contains("name=\"next\" value=\"/admin/users?page=2\"")
                .containsPattern("href=\"/patients/login\\?next=[^\"]*admin[^\"]*users[^\"]*page[^\"]*2\"");

        PageClient.Page login = pages.post("/login", null, loginReturningTo("/admin/users?page=2"));
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("Location")).endsWith("/admin/users?page=2");
    }

    @Test
    void aLoginNeverSendsTheBrowserToAnotherSite() {
        for (String elsewhere : new String[] {"https://evil.example/", "//evil.example/", "/\\evil.example", "x"}) {
            PageClient.Page login = pages.post("/login", null, loginReturningTo(elsewhere));

            assertThat(login.status()).as(elsewhere).isEqualTo(303);
            assertThat(login.header("Location"))
                    .as(elsewhere)
                    .doesNotContain("evil")
                    .endsWith("/");
            assertThat(pages.get("/login?next=" + URLEncoder.encode(elsewhere, StandardCharsets.UTF_8), null)
                            .body())
                    .as(elsewhere)
                    .doesNotContain("evil.example");
        }
    }

    @Test
    void aRefusedLoginKeepsThePageToReturnTo() {
        Map<String, String> form = new LinkedHashMap<>(PageClient.credentials(InitialAdmin.USERNAME, "wrong-one"));
        form.put("next", "/admin/audit");

        PageClient.Page refused = pages.post("/login", null, form);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("name=\"next\" value=\"/admin/audit\"");
        assertThat(refused.cookies()).noneMatch(cookie -> cookie.startsWith(Authentication.SESSION_COOKIE));
    }

    /** The actions of the administrator's session entries in the audit trail from {@code from} on. */
    private List<String> sessionActionsSince(Instant from) {
        return audit.find(new AuditQuery(InitialAdmin.USERNAME, "SESSION", from, null), 0, 100).items().stream()
                .map(AuditEntry::action)
                .toList();
    }

    private static Map<String, String> loginReturningTo(String next) {
        Map<String, String> form =
                new LinkedHashMap<>(PageClient.credentials(InitialAdmin.USERNAME, NodeTest.ADMIN_PASSWORD));
        form.put("next", next);
        return form;
    }
}
