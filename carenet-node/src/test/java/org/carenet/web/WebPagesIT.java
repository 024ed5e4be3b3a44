package org.carenet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import org.carenet.access.Authentication;
import org.carenet.access.InitialAdmin;
import org.carenet.access.Role;
import org.carenet.access.StaffAccounts;
import org.carenet.testing.NodeTest;
import org.carenet.testing.PageClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@NodeTest
class WebPagesIT {

    static final String PASSWORD = "a-long-enough-password";

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts accounts;

    @Autowired
    Authentication authentication;

    PageClient pages;

    @BeforeEach
    void setUp() {
        pages = new PageClient(port);
    }

    @Test
    void aVisitorWithoutASessionIsSentToTheLoginPage() {
        PageClient.Page home = pages.get("/", null);

        assertThat(home.status()).isEqualTo(302);
        assertThat(home.header("Location")).endsWith("/login");
        PageClient.Page login = pages.get("/login", null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Content-Type")).startsWith("text/html");
        assertThat(login.body()).contains("<form method=\"post\" action=\"/login\"", "Test Hospital");
    }

    @Test
    void aWrongPasswordShowsTheLoginPageAgainWith401AndTheReason() {
        PageClient.Page page = pages.post("/login", null, PageClient.credentials(InitialAdmin.USERNAME, "wrong-one"));

        assertThat(page.status()).isEqualTo(401);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("id=\"login-problem\"", "Invalid username or password");
        assertThat(page.cookies()).noneMatch(cookie -> cookie.startsWith(Authentication.SESSION_COOKIE));
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountWith423() {
        accounts.create("locked-out.nurse", PASSWORD, EnumSet.of(Role.NURSE));
        PageClient.Page page = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            page = pages.post("/login", null, PageClient.credentials("locked-out.nurse", "not-the-password"));
        }

        assertThat(page.status()).isEqualTo(423);
        assertThat(page.body()).contains("This account is locked");
        assertThat(pages.post("/login", null, PageClient.credentials("locked-out.nurse", PASSWORD))
                        .status())
                .isEqualTo(423);
    }

    @Test
    void whatTheVisitorTypedIsShownEscaped() {
        PageClient.Page page =
                pages.post("/login", null, PageClient.credentials("<script>alert(1)</script>", "whatever"));

        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body())
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert");
    }

    @Test
    void aLoginPostedFromAnotherSiteIsRefused() {
        PageClient.Page page = pages.post(
                "/login",
                null,
                PageClient.credentials(InitialAdmin.USERNAME, NodeTest.ADMIN_PASSWORD),
                Map.of("Sec-Fetch-Site", "cross-site"));

        assertThat(page.status()).isEqualTo(403);
        assertThat(page.cookies()).isEmpty();
    }

    @Test
    void loggingInSetsAnHttpOnlyStrictSessionCookieAndLeadsHome() {
        PageClient.Page login =
                pages.post("/login", null, PageClient.credentials(InitialAdmin.USERNAME, NodeTest.ADMIN_PASSWORD));

        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("Location")).endsWith("/");
        assertThat(login.cookies())
                .singleElement()
                .satisfies(cookie -> assertThat(cookie)
                        .startsWith(Authentication.SESSION_COOKIE + "=")
                        .contains("HttpOnly", "SameSite=Strict", "Path=/")
                        .contains("Max-Age=" + authentication.accessTokenTtl().toSeconds()));

        PageClient.Page home = pages.get("/", login.sessionCookie());
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body())
                .contains(
                        "Welcome, <span>admin</span>",
                        "Test Hospital",
                        "href=\"/admin/users\"",
                        "href=\"/admin/audit\"")
                .contains("action=\"/logout\"");
    }

    @Test
    void theHomePageShowsOtherRolesWhatTheMatrixGrantsThem() {
        accounts.create("porter.pat", PASSWORD, EnumSet.of(Role.PORTER));
        String session = pages.login("porter.pat", PASSWORD);

        PageClient.Page home = pages.get("/", session);

        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body())
                .contains("id=\"role-PORTER\"", "What the permission matrix grants <span>PORTER</span>")
                .contains("<td>PERMISSION</td>", "<td>SESSION</td>")
                .doesNotContain("href=\"/admin/audit\"", "href=\"/admin/users\"");
    }

    @Test
    void anAdministratorSeesTheAuditTrailWithItsVerification() {
        String session = pages.login(InitialAdmin.USERNAME, NodeTest.ADMIN_PASSWORD);

        PageClient.Page audit = pages.get("/admin/audit", session);

        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.body())
                .contains("id=\"audit-verification\"", "The audit chain is intact.")
                .contains("<td>LOGIN</td>", "hx-get=\"/admin/audit/verification\"");
    }

    @Test
    void theAuditTrailCanBeFilteredByActorAndResource() {
        accounts.create("filter.fiona", PASSWORD, EnumSet.of(Role.CLEANER));
        pages.login("filter.fiona", PASSWORD);
        String session = pages.login(InitialAdmin.USERNAME, NodeTest.ADMIN_PASSWORD);

        PageClient.Page filtered = pages.get("/admin/audit?actor=filter.fiona&resource=SESSION", session);

        assertThat(filtered.status()).isEqualTo(200);
        assertThat(filtered.body())
                .contains("<td class=\"strong\">filter.fiona</td>")
                .doesNotContain("<td class=\"strong\">admin</td>")
                .contains("<option value=\"SESSION\" selected=\"selected\">SESSION</option>");
        assertThat(pages.get("/admin/audit?resource=NOT_A_RESOURCE", session).status())
                .isEqualTo(400);
    }

    @Test
    void theNetworkPageSaysWhenTheNodeRunsWithoutALedger() {
        String session = pages.login(InitialAdmin.USERNAME, NodeTest.ADMIN_PASSWORD);

        PageClient.Page network = pages.get("/admin/network", session);

        assertThat(network.status()).isEqualTo(200);
        assertThat(network.body())
                .contains("runs without a network ledger", "This node is not part of a network.")
                .contains("href=\"/admin/network\"");
    }

    @Test
    void theVerificationFragmentIsTheVerdictAlone() {
        String session = pages.login(InitialAdmin.USERNAME, NodeTest.ADMIN_PASSWORD);

        PageClient.Page fragment = pages.get("/admin/audit/verification", session);

        assertThat(fragment.status()).isEqualTo(200);
        assertThat(fragment.body().strip())
                .startsWith("<section id=\"audit-verification\"")
                .contains("The audit chain is intact.")
                .doesNotContain("<html", "<header");
    }

    @Test
    void anHtmxRequestWithoutASessionIsToldToGoToTheLoginPage() {
        PageClient.Page fragment = pages.get("/admin/audit/verification", null, Map.of("HX-Request", "true"));

        assertThat(fragment.status()).isEqualTo(401);
        assertThat(fragment.header("HX-Redirect")).isEqualTo("/login");
        assertThat(fragment.body()).doesNotContain("audit-verification");
    }

    @Test
    void anHtmxRequestWithoutASessionLeadsToTheLoginPageReturningToItsPage() {
        PageClient.Page fragment = pages.get(
                "/admin/audit/verification",
                null,
                Map.of("HX-Request", "true", "HX-Current-URL", "http://localhost/admin/audit?actor=admin"));

        assertThat(fragment.status()).isEqualTo(401);
        assertThat(fragment.header("HX-Redirect")).isEqualTo("/login?next=%2Fadmin%2Faudit%3Factor%3Dadmin");
    }

    @Test
    void anAdministratorSeesTheStaffAccounts() {
        accounts.create("listed.lee", PASSWORD, EnumSet.of(Role.RESEARCHER, Role.NURSE));
        String session = pages.login(InitialAdmin.USERNAME, NodeTest.ADMIN_PASSWORD);

        PageClient.Page users = pages.get("/admin/users", session);

        assertThat(users.status()).isEqualTo(200);
        assertThat(users.body())
                .contains("<td class=\"strong\">listed.lee</td>", "<span class=\"tag\">RESEARCHER</span>")
                .contains("<span class=\"status status-ok\">enabled</span>");
    }

    @Test
    void aPhysicianIsRefusedTheAuditPage() {
        accounts.create("dr-web", PASSWORD, EnumSet.of(Role.PHYSICIAN));
        String session = pages.login("dr-web", PASSWORD);

        PageClient.Page audit = pages.get("/admin/audit", session);

        assertThat(audit.status()).isEqualTo(403);
        assertThat(audit.header("Content-Type")).startsWith("text/html");
        assertThat(audit.body()).contains("Role(s) PHYSICIAN may not READ AUDIT");
        assertThat(pages.get("/admin/audit/verification", session).status()).isEqualTo(403);
    }

    @Test
    void loggingOutClearsTheCookieAndEndsTheSession() {
        String session = pages.login(InitialAdmin.USERNAME, NodeTest.ADMIN_PASSWORD);
        assertThat(pages.get("/", session).status()).isEqualTo(200);

        PageClient.Page logout = pages.post("/logout", session, Map.of());

        assertThat(logout.status()).isEqualTo(303);
        assertThat(logout.header("Location")).endsWith("/login");
        assertThat(logout.sessionCookie()).isEmpty();
        assertThat(logout.cookies()).singleElement().asString().contains("Max-Age=0");
        PageClient.Page afterwards = pages.get("/", session);
        assertThat(afterwards.status()).isEqualTo(302);
        assertThat(afterwards.header("Location")).endsWith("/login");
    }

    @Test
    void theStylesAndHtmxAreServedFromTheNode() {
        PageClient.Page css = pages.get("/css/carenet.css", null);
        PageClient.Page htmx = pages.get("/webjars/htmx.org/dist/htmx.min.js", null);

        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).startsWith("text/css");
        assertThat(htmx.status()).isEqualTo(200);
        assertThat(htmx.body()).contains("htmx");
    }
}
