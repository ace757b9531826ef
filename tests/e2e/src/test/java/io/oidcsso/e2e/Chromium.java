package io.oidcsso.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven by Debian's chromedriver: both paths are given, so Selenium
 * Manager never runs and nothing is downloaded. Each browser gets a fresh profile (no cookies).
 */
final class Chromium {
    private Chromium() {}

    static ChromeDriver start(Path workDir) {
        Path profile = tempDirectory(workDir, "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(E2eSettings.chromium().toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        // The console (CSP violations among it) for tests that read it; costs nothing otherwise.
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(E2eSettings.chromedriver().toString()))
                .usingAnyFreePort()
                .withLogFile(workDir.resolve("logs").resolve(profile.getFileName() + "-chromedriver.log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static Path tempDirectory(Path workDir, String prefix) {
        try {
            Files.createDirectories(workDir.resolve("logs"));
            return Files.createTempDirectory(Files.createDirectories(workDir), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Chromium profile under " + workDir, e);
        }
    }
}
