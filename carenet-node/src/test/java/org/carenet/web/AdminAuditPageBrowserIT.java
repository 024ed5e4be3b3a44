package org.carenet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.carenet.access.InitialAdmin;
import org.carenet.testing.NodeTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The audit page in a real headless Chromium: logging in through the form, the chain's verdict, and htmx replacing
 * it when the administrator asks for another verification. Needs Debian's {@code chromium} and
 * {@code chromium-driver}; without them the test fails rather than skips, so that a missing browser cannot pass
 * unnoticed.
 */
@NodeTest
class AdminAuditPageBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOT = Path.of("target", "screenshots", "admin-audit.png");

    @LocalServerPort
    int port;

    Path profile;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void startBrowser() throws IOException {
        assertThat(CHROMIUM)
                .as("Chromium is missing: apt-get install -y chromium chromium-driver")
                .isExecutable();
        assertThat(CHROMEDRIVER)
                .as("chromedriver is missing: apt-get install -y chromium chromium-driver")
                .isExecutable();
        profile = Files.createTempDirectory("carenet-chromium-");
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
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void anAdministratorSeesTheIntactChainAndVerifiesItAgain() throws IOException {
        browser.get("http://localhost:" + port + "/admin/audit");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(InitialAdmin.USERNAME);
        browser.findElement(By.id("password")).sendKeys(NodeTest.ADMIN_PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();

        // the login returns to the page first asked for
        wait.until(ExpectedConditions.urlToBe("http://localhost:" + port + "/admin/audit"));
        WebElement verification =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-verification")));
        assertThat(verification.getText()).contains("The audit chain is intact.");
        assertThat(browser.findElements(By.cssSelector("#audit-entries tbody tr")))
                .extracting(WebElement::getText)
                .anySatisfy(row -> assertThat(row).contains("admin", "LOGIN", "SESSION", "SUCCESS"));
        long checkedBefore = Long.parseLong(verification.getDomAttribute("data-entries-checked"));

        browser.findElement(By.id("verify-again")).click();

        wait.until(ExpectedConditions.stalenessOf(verification));
        WebElement again = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-verification")));
        assertThat(again.getText()).contains("The audit chain is intact.");
        assertThat(Long.parseLong(again.getDomAttribute("data-entries-checked")))
                .as("the new verification walks the entries that reading the page added")
                .isGreaterThan(checkedBefore);
        assertThat(browser.getCurrentUrl()).endsWith("/admin/audit");
        List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .toList();
        assertThat(problems)
                .as("console errors, such as Content-Security-Policy refusals")
                .isEmpty();

        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        assertThat(SCREENSHOT).isNotEmptyFile();
    }
}
