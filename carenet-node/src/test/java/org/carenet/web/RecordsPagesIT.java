package org.carenet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import org.carenet.access.Authentication;
import org.carenet.access.InitialAdmin;
import org.carenet.access.Role;
import org.carenet.access.StaffAccounts;
import org.carenet.card.CardFile;
import org.carenet.card.PatientCard;
import org.carenet.ledger.SigningKey;
import org.carenet.records.Physicians;
import org.carenet.testing.NodeTest;
import org.carenet.testing.PageClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The patient's portal and the physician's workspace as far as one node outside a network serves them: the card
 * login's refusals, a physician with no patients, a patient page that does not open, and who may open which page.
 * With patients, consent and transfers they are tested in a whole network (carenet-cli's PatientPortalBrowserIT).
 */
@NodeTest
class RecordsPagesIT {

    static final String PASSWORD = "a-long-enough-password";
    static final String NOBODY = "0".repeat(64);

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts accounts;

    @Autowired
    Physicians physicians;

    PageClient pages;
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void setUp() {
        pages = new PageClient(port);
    }

    @Test
    void theLoginPageLeadsPatientsToTheCardLogin() {
        assertThat(pages.get("/login", null).body()).contains("href=\"/patients/login\"");

        PageClient.Page form = pages.get("/patients/login", null);

        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body())
                .contains(
                        "<form method=\"post\" enctype=\"multipart/form-data\" action=\"/patients/login\"",
                        "name=\"card\" type=\"file\"",
                        "name=\"password\" type=\"password\"");
    }

    @Test
    void aFileThatIsNotACardIsRefusedWithTheReason() {
        PageClient.Page page = upload("/patients/login", null, "{\"not\": \"a card\"}".getBytes(), "", Map.of());

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("id=\"login-problem\"", "This file is not a patient card.");
        assertThat(page.cookies()).noneMatch(cookie -> cookie.startsWith(Authentication.SESSION_COOKIE));
    }

    @Test
    void aCardLoginWithoutTheFileAsksForIt() {
        PageClient.Page page = upload("/patients/login", null, new byte[0], "", Map.of());

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("Choose your card file.");
    }

    @Test
    void aCardLoginPostedFromAnotherSiteIsRefused() {
        PageClient.Page page = upload("/patients/login", null, card(null), "", Map.of("Sec-Fetch-Site", "cross-site"));

        assertThat(page.status()).isEqualTo(403);
        assertThat(page.cookies()).isEmpty();
    }

    @Test
    void aSealedCardNeedsItsPassword() {
        byte[] sealed = card("the-card-password".toCharArray());

        PageClient.Page without = upload("/patients/login", null, sealed, "", Map.of());
        PageClient.Page wrong = upload("/patients/login", null, sealed, "not-the-password", Map.of());

        assertThat(without.status()).isEqualTo(422);
        assertThat(without.body()).contains("This card is protected by a password: enter it.");
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.body()).contains("The password does not open this card.");
    }

    @Test
    void aSealedCardThatAsksMoreWorkThanIssuedCardsIsNotOpened() {
        String sealed = new String(card("the-card-password".toCharArray()), StandardCharsets.UTF_8);
        byte[] costly = sealed.replaceFirst("\"n\"\\s*:\\s*32768", "\"n\" : 1048576")
                .replaceFirst("\"r\"\\s*:\\s*8", "\"r\" : 32")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new String(costly, StandardCharsets.UTF_8)).contains("\"n\" : 1048576", "\"r\" : 32");

        long started = System.nanoTime();
        PageClient.Page page = upload("/patients/login", null, costly, "the-card-password", Map.of());

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body())
                .contains("This card&#39;s password protection asks more work than cards are issued with.");
        assertThat(System.nanoTime() - started)
                .as("refused before 4 GiB of scrypt")
                .isLessThan(2_000_000_000L);
    }

    @Test
    void aCardIsRefusedReadablyByANodeOutsideANetwork() {
        PageClient.Page page = upload("/patients/login", null, card(null), "", Map.of());

        assertThat(page.status()).isEqualTo(503);
        assertThat(page.body()).contains("This node is not part of a network");
        assertThat(page.cookies()).isEmpty();
    }

    @Test
    void anUploadOverTheLimitIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() {
        byte[] large = new byte[100 * 1024];

        PageClient.Page declared = upload("/patients/login", null, large, "", Map.of());
        PageClient.Page streamed = send(multipart("/patients/login", null, large, "", Map.of(), true));

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.body()).contains("The file is too large");
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(streamed.body()).contains("The file is too large");
    }

    @Test
    void aPhysicianWithoutPatientsSeesAnEmptyWorkspace() {
        physicians.create("dr-empty", PASSWORD, "Meredith Grey");
        String session = pages.login("dr-empty", PASSWORD);

        PageClient.Page home = pages.get("/", session);
        PageClient.Page workspace = pages.get("/physician", session);

        assertThat(home.body()).contains("href=\"/physician\"", "My patients").doesNotContain("href=\"/patient\"");
        assertThat(workspace.status()).isEqualTo(200);
        assertThat(workspace.body())
                .contains("<strong>Meredith Grey</strong>", "id=\"no-patients\"")
                .contains("action=\"/physician/patients\"", "action=\"/physician/patient-card\"")
                .doesNotContain("id=\"patient-list\"");
    }

    @Test
    void aPatientNotRegisteredHereIsToldSoOnTheirPage() {
        physicians.create("dr-lookup", PASSWORD, "Cristina Yang");
        String session = pages.login("dr-lookup", PASSWORD);

        PageClient.Page found = pages.get("/physician/patients?patient=+" + NOBODY.toUpperCase() + "+", session);
        PageClient.Page page = pages.get("/physician/patients/" + NOBODY, session);
        PageClient.Page malformed = pages.get("/physician/patients/not-a-patient", session);

        assertThat(found.status()).isEqualTo(303);
        assertThat(found.header("Location")).endsWith("/physician/patients/" + NOBODY);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body())
                .contains("id=\"patient-problem\"", "No patient with this identifier is registered here.")
                .contains("This patient has not linked you here.")
                .doesNotContain("id=\"visit-form\"");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).contains("A patient identifier is 64 lower-case hex digits.");
    }

    @Test
    void aVisitForAPatientNotRegisteredHereIsNotWritten() {
        physicians.create("dr-write", PASSWORD, "Miranda Bailey");
        String session = pages.login("dr-write", PASSWORD);

        PageClient.Page page = pages.post(
                "/physician/patients/" + NOBODY + "/visits",
                session,
                Map.of("time", "2026-01-01T10:00", "reason", "check-up", "notes", "fine"));

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("No patient with this identifier is registered here.");
    }

    @Test
    void aFileThatIsNotACardIsRefusedAtThePhysiciansDesk() {
        physicians.create("dr-desk", PASSWORD, "Richard Webber");
        String session = pages.login("dr-desk", PASSWORD);

        PageClient.Page page = upload("/physician/patient-card", session, "not a card".getBytes(), "", Map.of());

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"card-problem\"", "This file is not a patient card.", "Richard Webber");
    }

    @Test
    void theWorkspaceIsForPhysiciansAndThePortalForPatients() {
        accounts.create("nurse-pages", PASSWORD, EnumSet.of(Role.NURSE));
        physicians.create("dr-portal", PASSWORD, "Derek Shepherd");
        String nurse = pages.login("nurse-pages", PASSWORD);
        String physician = pages.login("dr-portal", PASSWORD);
        String admin = pages.login(InitialAdmin.USERNAME, NodeTest.ADMIN_PASSWORD);

        PageClient.Page nurseWorkspace = pages.get("/physician", nurse);
        PageClient.Page adminWorkspace = pages.get("/physician", admin);
        PageClient.Page physicianPortal = pages.get("/patient", physician);

        assertThat(nurseWorkspace.status()).isEqualTo(403);
        assertThat(nurseWorkspace.body()).contains("Role(s) NURSE may not READ PATIENT");
        assertThat(pages.get("/physician/patients/" + NOBODY, nurse).status()).isEqualTo(403);
        assertThat(adminWorkspace.status()).isEqualTo(403);
        assertThat(adminWorkspace.body()).contains("This endpoint serves PHYSICIAN sessions, not role(s) ADMIN");
        assertThat(physicianPortal.status()).isEqualTo(403);
        assertThat(physicianPortal.body()).contains("This endpoint serves PATIENT sessions, not role(s) PHYSICIAN");
        assertThat(pages.post("/patient/registration", physician, Map.of()).status())
                .isEqualTo(403);
        assertThat(pages.get("/", admin).body()).doesNotContain("href=\"/patient\"", "href=\"/physician\"");
        assertThat(pages.get("/", nurse).body()).doesNotContain("href=\"/patient\"", "href=\"/physician\"");
    }

    @Test
    void withoutASessionThePortalAndTheWorkspaceLeadToTheLoginPage() {
        for (String path : new String[] {"/patient", "/physician", "/physician/patients/" + NOBODY}) {
            PageClient.Page page = pages.get(path, null);

            assertThat(page.status()).as(path).isEqualTo(302);
            assertThat(page.header("Location"))
                    .as(path)
                    .endsWith("/login?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
        }
    }

    /** A card of a network this node is not part of: its own operator key and secret, made up here. */
    private static byte[] card(char[] password) {
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        PatientCard card = PatientCard.issue(
                SigningKey.generate(random), secret, "Alice Martin", "123-45-6789", Instant.now(), random);
        return CardFile.encode(card, password);
    }

    private PageClient.Page upload(
            String path, String session, byte[] file, String password, Map<String, String> headers) {
        return send(multipart(path, session, file, password, headers, false));
    }

    /** A form with the card file and its password, as a browser posts it; streamed without a declared length. */
    private HttpRequest multipart(
            String path, String session, byte[] file, String password, Map<String, String> headers, boolean streamed) {
        String boundary = "carenet-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"card\"; filename=\"a.card\"\r\n"
                        + "Content-Type: application/json\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n"
                        + password + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        byte[] bytes = body.toByteArray();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(
                        streamed
                                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                                : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (session != null) {
            request.header("Cookie", Authentication.SESSION_COOKIE + "=" + session);
        }
        headers.forEach(request::header);
        return request.build();
    }

    private PageClient.Page send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new PageClient.Page(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
