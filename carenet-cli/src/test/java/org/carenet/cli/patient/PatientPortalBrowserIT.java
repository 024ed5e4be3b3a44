package org.carenet.cli.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carenet.cli.patient.NetworkFixture.MIRIAM;
import static org.carenet.cli.patient.NetworkFixture.RHODE_ISLAND;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.carenet.card.CardFile;
import org.carenet.card.PatientCard;
import org.carenet.ledger.SigningKey;
import org.carenet.network.LedgerBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The patient's portal and the physician's workspace in real headless Chromium, over a whole embedded network of
 * three hospitals: a patient logs in with their card file, registers, grants a physician access; the physician, in
 * another browser, writes a visit and reads it back; the patient sees it, moves to another hospital, and sees it
 * there. Needs Debian's {@code chromium} and {@code chromium-driver}; without them the test fails rather than
 * skips, so that a missing browser cannot pass unnoticed.
 */
class PatientPortalBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String CARD_PASSWORD = "alice-card-password";
    static final String PHYSICIAN_PASSWORD = "doctor-house-password";
    static final String NOTES = "Lupus ruled out; it is never lupus. Review in two weeks.";

    @TempDir
    Path directory;

    private NetworkFixture fixture;
    private final List<ChromeDriver> browsers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        browsers.forEach(ChromeDriver::quit);
        for (Path profile : profiles) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aPatientGrantsAPhysicianWhoWritesAVisitThatFollowsThePatientToAnotherHospital() throws IOException {
        fixture = NetworkFixture.start(directory.resolve("network"), LedgerBackend.KAFKA, Map.of());
        PatientCard alice = fixture.card("Alice Martin", "123-45-6789");
        Path card = directory.resolve("alice.card");
        CardFile.write(alice, card, CARD_PASSWORD.toCharArray());
        fixture.physician(RHODE_ISLAND, "house", PHYSICIAN_PASSWORD, "Gregory House");
        String rhodeIsland = fixture.url(RHODE_ISLAND).toString().replaceAll("/$", "");
        String miriam = fixture.url(MIRIAM).toString().replaceAll("/$", "");

        // a card of another network is refused before its keys are opened
        ChromeDriver patient = browser();
        WebDriverWait patientWaits = new WebDriverWait(patient, Duration.ofSeconds(30));
        Path stranger = directory.resolve("stranger.card");
        CardFile.write(strangersCard(), stranger, CARD_PASSWORD.toCharArray());
        patient.get(rhodeIsland + "/patients/login");
        patient.findElement(By.id("card")).sendKeys(stranger.toAbsolutePath().toString());
        patient.findElement(By.cssSelector("form button[type=submit]")).click();
        assertThat(notice(patientWaits, "login-problem"))
                .isEqualTo("The card was not issued by this network's operator.");
        patient.manage().logs().get(LogType.BROWSER);

        // the patient logs in with the card at Rhode Island Hospital, registers and grants access
        patient.get(rhodeIsland + "/login");
        patient.findElement(By.id("card-login")).click();
        logInWithCard(patient, patientWaits, card);
        assertThat(text(patient, "registration-status")).isEqualTo("You are not registered at any hospital.");
        assertThat(patient.findElement(By.id("transfers")).getDomAttribute("hx-get"))
                .as("no transfer under way, nothing to poll")
                .isNull();
        assertThat(text(patient, "visits")).contains("No visits are recorded at this hospital.");

        patient.findElement(By.id("register")).click();
        assertThat(notice(patientWaits, "portal-notice")).isEqualTo("You are registered at this hospital.");
        assertThat(text(patient, "registration-status"))
                .startsWith("You are registered at Rhode Island Hospital since");

        new Select(patient.findElement(By.id("grant-physician"))).selectByVisibleText("Gregory House");
        new Select(patient.findElement(By.id("grant-scope"))).selectByVisibleText("read and write");
        WebElement days = patient.findElement(By.id("grant-days"));
        days.clear();
        days.sendKeys("30");
        patient.findElement(By.cssSelector("#grant-form button[type=submit]")).click();
        assertThat(notice(patientWaits, "portal-notice")).startsWith("The physician can now reach your records here");
        assertThat(patient.findElements(By.cssSelector("#grant-list tbody tr")))
                .extracting(WebElement::getText)
                .singleElement()
                .satisfies(row -> assertThat(row).contains("Gregory House", "read and write", "in force", "Revoke"));

        // the physician, in a browser of their own, finds the patient, writes a visit and reads it back
        ChromeDriver physician = browser();
        WebDriverWait physicianWaits = new WebDriverWait(physician, Duration.ofSeconds(30));
        physician.get(rhodeIsland + "/physician");
        physicianWaits.until(ExpectedConditions.urlContains("/login"));
        physician.findElement(By.id("username")).sendKeys("house");
        physician.findElement(By.id("password")).sendKeys(PHYSICIAN_PASSWORD);
        physician.findElement(By.cssSelector("form button[type=submit]")).click();
        // the login returns to the page first asked for: the workspace, with the physician's patients
        physicianWaits.until(ExpectedConditions.urlToBe(rhodeIsland + "/physician"));
        WebElement row = physicianWaits.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#patient-list tbody tr")));
        assertThat(row.getText()).contains(alice.patient().value().substring(0, 16), "read and write");
        row.findElement(By.cssSelector("a.patient-link")).click();
        physicianWaits.until(ExpectedConditions.visibilityOfElementLocated(By.id("visit-form")));
        assertThat(text(physician, "visits")).contains("No visits are recorded at this hospital.");

        physician.findElement(By.id("visit-reason")).sendKeys("headache for three days");
        physician.findElement(By.id("visit-notes")).sendKeys(NOTES);
        physician.findElement(By.id("visit-diagnosis")).sendKeys("tension headache");
        physician.findElement(By.id("visit-treatment")).sendKeys("rest, fluids");
        physician.findElement(By.id("visit-systolic")).sendKeys("120");
        physician.findElement(By.id("visit-diastolic")).sendKeys("80");
        physician.findElement(By.id("visit-heart-rate")).sendKeys("72");
        physician.findElement(By.id("visit-height")).sendKeys("170.5");
        physician.findElement(By.id("visit-weight")).sendKeys("65.2");
        physician.findElement(By.cssSelector("#visit-form button[type=submit]")).click();
        assertThat(notice(physicianWaits, "patient-notice")).startsWith("The visit is written");
        assertThat(physician.findElements(By.cssSelector("#visits article.visit")))
                .singleElement()
                .satisfies(visit -> assertVisit(visit, "Rhode Island Hospital"));
        noConsoleProblems(physician);
        screenshot(physician, "physician-workspace.png");

        // at another hospital, the patient cannot register while Rhode Island Hospital holds the registration
        patient.get(miriam + "/patients/login");
        logInWithCard(patient, patientWaits, card);
        assertThat(text(patient, "registration-status"))
                .isEqualTo("You are registered at Rhode Island Hospital, not here.");
        noConsoleProblems(patient);
        patient.findElement(By.id("register")).click();
        assertThat(notice(patientWaits, "portal-problem"))
                .isEqualTo("You are registered at Rhode Island Hospital. Only Rhode Island Hospital can change your"
                        + " registration: log in there to unregister or to transfer your records.");
        assertThat(patient.manage().logs().get(LogType.BROWSER).getAll())
                .extracting(LogEntry::getMessage)
                .as("the refusal's status is all the console reports")
                .singleElement()
                .asString()
                .contains("/patient/registration", "status of 409");

        // back at Rhode Island Hospital, the patient sees the visit, and who read it
        patient.get(rhodeIsland + "/patients/login");
        logInWithCard(patient, patientWaits, card);
        assertThat(patient.findElements(By.cssSelector("#visits article.visit")))
                .singleElement()
                .satisfies(visit -> assertVisit(visit, "Rhode Island Hospital"));
        assertThat(patient.findElements(By.cssSelector("#access-log-entries tbody tr")))
                .extracting(WebElement::getText)
                .anySatisfy(entry -> assertThat(entry).contains("house", "CREATE", "RECORD", "SUCCESS"))
                .anySatisfy(entry -> assertThat(entry).contains("house", "READ", "RECORD", "SUCCESS"));
        screenshot(patient, "patient-portal.png");

        // the patient moves to Miriam Hospital: the records leave Rhode Island Hospital
        new Select(patient.findElement(By.id("transfer-hospital"))).selectByVisibleText("Miriam Hospital");
        patient.findElement(By.cssSelector("#transfer-form button[type=submit]"))
                .click();
        patientWaits.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transfer-list"), "DONE"));
        patient.navigate().refresh();
        assertThat(patientWaits
                        .until(ExpectedConditions.visibilityOfElementLocated(By.id("registration-status")))
                        .getText())
                .isEqualTo("You are registered at Miriam Hospital, not here.");
        assertThat(text(patient, "visits")).contains("No visits are recorded at this hospital.");
        assertThat(text(patient, "transfer-list")).contains("Rhode Island Hospital", "Miriam Hospital", "DONE");
        noConsoleProblems(patient);
        String fragment = (String) patient.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch('/patient/transfers', {headers: {'HX-Request': 'true'}}).then(r => r.text()).then(done);");
        assertThat(fragment.strip())
                .as("the section htmx polls while a transfer is under way, alone")
                .startsWith("<section")
                .contains("id=\"transfers\"", "Miriam Hospital", "DONE")
                .doesNotContain("<html", "id=\"registration\"", "hx-get");

        // and logs in there with the same card, to find the visit
        patient.get(miriam + "/patients/login");
        logInWithCard(patient, patientWaits, card);
        assertThat(text(patient, "registration-status")).startsWith("You are registered at Miriam Hospital since");
        assertThat(patient.findElements(By.cssSelector("#visits article.visit")))
                .singleElement()
                .satisfies(visit -> assertVisit(visit, "Rhode Island Hospital"));
        assertThat(text(patient, "transfer-list")).contains("Rhode Island Hospital", "Miriam Hospital", "RECEIVED");
        assertThat(patient.findElement(By.cssSelector(".brand-hospital")).getText())
                .isEqualTo("Miriam Hospital");
        noConsoleProblems(patient);
    }

    /** A card that an operator of some other network issued. */
    private static PatientCard strangersCard() {
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return PatientCard.issue(
                SigningKey.generate(random), secret, "Mallory Stranger", "999-99-9999", Instant.now(), random);
    }

    private static void logInWithCard(ChromeDriver browser, WebDriverWait waits, Path card) {
        waits.until(ExpectedConditions.visibilityOfElementLocated(By.id("card")))
                .sendKeys(card.toAbsolutePath().toString());
        browser.findElement(By.id("card-password")).sendKeys(CARD_PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waits.until(ExpectedConditions.visibilityOfElementLocated(By.id("registration")));
        assertThat(browser.getCurrentUrl()).endsWith("/patient");
        assertThat(browser.findElements(By.id("card-absent")))
                .as("the card is held for the session")
                .isEmpty();
    }

    /** The visit the physician wrote, as any reader with a key shows it: decrypted, every field. */
    private static void assertVisit(WebElement visit, String hospital) {
        assertThat(visit.getText()).contains("Gregory House", "at " + hospital);
        assertThat(visit.findElement(By.className("visit-reason")).getText()).isEqualTo("headache for three days");
        assertThat(visit.findElement(By.className("visit-notes")).getText()).isEqualTo(NOTES);
        assertThat(visit.findElement(By.className("visit-diagnosis")).getText()).isEqualTo("tension headache");
        assertThat(visit.findElement(By.className("visit-treatment")).getText()).isEqualTo("rest, fluids");
        assertThat(visit.findElement(By.className("visit-vitals")).getText())
                .isEqualTo("BP 120/80 mmHg · HR 72/min · 170.5 cm · 65.2 kg");
    }

    private static String notice(WebDriverWait waits, String id) {
        return waits.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)))
                .getText();
    }

    private static String text(ChromeDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void noConsoleProblems(ChromeDriver browser) {
        List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .toList();
        assertThat(problems)
                .as("console errors, such as Content-Security-Policy refusals")
                .isEmpty();
    }

    /** The whole page, not only the window: the window grows to the page's height (and its own frame) first. */
    private static void screenshot(ChromeDriver browser, String name) throws IOException {
        Dimension window = browser.manage().window().getSize();
        long height = (Long) browser.executeScript(
                "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight");
        browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.max(height, window.getHeight())));
        Path file = SCREENSHOTS.resolve(name);
        Files.createDirectories(SCREENSHOTS);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(window);
        assertThat(file).isNotEmptyFile();
    }

    /** A browser with a profile of its own: its cookies are its own session. */
    private ChromeDriver browser() throws IOException {
        assertThat(CHROMIUM)
                .as("Chromium is missing: apt-get install -y chromium chromium-driver")
                .isExecutable();
        assertThat(CHROMEDRIVER)
                .as("chromedriver is missing: apt-get install -y chromium chromium-driver")
                .isExecutable();
        Path profile = Files.createTempDirectory("carenet-chromium-");
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1400,1000",
                        "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browsers.add(browser);
        return browser;
    }
}
