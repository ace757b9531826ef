package io.oidcsso.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;

/** The headless Chromium sessions a test opened; all are quit after each test. */
final class Browsers implements AfterEachCallback {
    private final List<ChromeDriver> open = new ArrayList<>();

    /** A fresh browser with its own profile (no cookies) under {@code workDir}. */
    ChromeDriver start(Path workDir) {
        ChromeDriver driver = Chromium.start(workDir);
        open.add(driver);
        return driver;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        open.forEach(ChromeDriver::quit);
        open.clear();
    }
}
