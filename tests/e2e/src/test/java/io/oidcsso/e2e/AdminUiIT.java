package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The admin UI (issue 11 item 1) in headless Chromium, driven as an admin would: sign in locally, find
 * the link in the product's administration menu, add an IdP from the dev IdP's discovery URL, save and
 * see the new revision; an invalid value shows its problem at the field and stores nothing; export with
 * encrypted secrets and import into a second reference host; a non-admin gets no page and no API. The
 * page's CSP is strict and Chromium reports no violation of it.
 *
 * <p>With {@code -De2e.screenshots=DIR} (scripts/screenshots.sh) each page is saved as
 * {@code admin-<page>.png} for docs/admin-guide.md.
 */
class AdminUiIT {
    private static final String ENTRY = "/plugins/servlet/oidc-sso/admin";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'";
    private static final String PASSPHRASE = "correct horse battery staple";

    /** The second host's base URL, registered at the IdP after the first host's. */
    private static final URI SECOND_URL = ReferenceHost.reserveBaseUrl();

    @RegisterExtension
    static final SingleHostExtension SETUP = new SingleHostExtension("admin-ui", "admin-ui", SingleHost.DEMO,
            SECOND_URL);

    private static ReferenceHost second;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    /** Started after the first host and stopped before it (SETUP stops that after the @AfterAll methods). */
    @BeforeAll
    static void startTheSecondHost() {
        second = ReferenceHost.start("admin-ui-second", SECOND_URL, null, SETUP.workDir(), List.of());
        SETUP.watch(second.process());
    }

    @AfterAll
    static void stopTheSecondHost() {
        if (second != null) {
            second.close();
        }
    }

    private ChromeDriver driver() {
        ChromeDriver driver = browsers.start(SETUP.workDir());
        driver.manage().window().setSize(new Dimension(1280, 900));
        return driver;
    }

    private static BrowserSteps signedIn(ChromeDriver driver, ReferenceHost on, String user) {
        BrowserSteps browser = new BrowserSteps(driver);
        browser.open(on.url(E2eSettings.LOCAL_LOGIN_PATH));
        browser.signInLocally(user, user);
        browser.awaitLocation(on.baseUrl(), "/secure/dashboard");
        return browser;
    }

    private static void page(BrowserSteps browser, String id, String title) {
        browser.click("nav-" + id);
        assertTrue(browser.awaitText(title), browser.describe());
        assertEquals(title, browser.text("page-title"));
    }

    private static void assertNoCspViolation(ChromeDriver driver) {
        List<String> violations = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to"))
                .collect(Collectors.toList());
        assertEquals(List.of(), violations, "Chromium reported CSP violations");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fetch(ChromeDriver driver, String method, String path) {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[1], {method: arguments[0], credentials: 'same-origin', redirect: 'manual',"
                        + " headers: arguments[0] === 'GET' ? {} : {'Content-Type': 'application/json',"
                        + " 'X-Atlassian-Token': 'no-check'}, body: arguments[0] === 'GET' ? undefined : '{}'})"
                        + ".then(r => r.text().then(t => done({status: r.status, body: t,"
                        + " csp: r.headers.get('content-security-policy'), frame: r.headers.get('x-frame-options')})))"
                        + ".catch(e => done({status: -1, body: String(e)}));", method, path);
    }

    @Test
    void adminWhenSignedInThenAddsIdpFromDiscoverySavesRefusesInvalidAndMovesTheConfigurationToAnotherHost()
            throws IOException {
        ChromeDriver driver = driver();
        BrowserSteps browser = signedIn(driver, SETUP.host(), "admin");

        // The product's administration menu, its security section, the plugin's link.
        browser.click("admin-link");
        browser.awaitLocation(SETUP.host().baseUrl(), "/secure/admin");
        browser.screenshot("admin-menu");
        browser.click("oidcsso-admin-link");
        browser.awaitLocation(SETUP.host().baseUrl(), ENTRY);
        assertTrue(browser.awaitText("revision 1"), browser.describe());
        Map<String, Object> entry = fetch(driver, "GET", ENTRY);
        assertEquals(CSP, entry.get("csp"));
        assertEquals("SAMEORIGIN", entry.get("frame"));

        // Add an IdP from the dev IdP's discovery URL (the dev IdP once more, under another id), give it
        // the client's credentials, save.
        driver.findElement(By.id("discover-url")).sendKeys(SETUP.idp().issuer() + "/.well-known/openid-configuration");
        driver.findElement(By.id("discover-id")).sendKeys("second");
        browser.click("discover-loopback");
        browser.click("discover");
        assertTrue(browser.awaitText("Edit second"), browser.describe());
        assertEquals(SETUP.idp().issuer().toString(), browser.value("idp-issuer"));
        String discovered = browser.text("discovered");
        assertTrue(discovered.contains(SETUP.idp().issuer().toString()) && discovered.contains("JWKS"),
                browser.describe());
        driver.findElement(By.id("idp-client-id")).sendKeys(E2eSettings.CLIENT_ID);
        assertEquals("NOT SET", browser.text("idp-client-secret-status"));
        driver.findElement(By.id("idp-client-secret")).sendKeys(E2eSettings.CLIENT_SECRET);
        browser.screenshot("admin-idps");
        browser.click("save");
        assertTrue(browser.awaitText("Saved: revision 2"), browser.describe());
        assertEquals("revision 2", browser.text("config-revision"));
        assertEquals("SET", browser.text("idp-client-secret-status"), "write-only: shown as set");
        assertFalse(browser.pageSource().contains(E2eSettings.CLIENT_SECRET), "the secret never comes back");

        // An invalid issuer: the problem next to the field, nothing stored.
        driver.findElement(By.id("idp-issuer")).clear();
        driver.findElement(By.id("idp-issuer")).sendKeys("not a url");
        browser.click("save");
        assertTrue(browser.awaitText("nothing was saved"), browser.describe());
        String problem = browser.text("idp-issuer-error");
        assertFalse(problem.isBlank(), browser.describe());
        assertTrue(browser.text("nav-idps-problems").matches("\\d+"), browser.describe());
        browser.screenshot("admin-problems");
        browser.open(SETUP.host().url(ENTRY + "#idps"));
        assertTrue(browser.awaitText("revision 2"), "the stored revision did not change: " + browser.describe());

        // Saving again what is stored stores nothing: no new revision. (A reload: the hash-only
        // navigation above keeps the page and its working copy.)
        driver.navigate().refresh();
        assertTrue(browser.awaitText("revision 2"), browser.describe());
        browser.click("save");
        assertTrue(browser.awaitText("Nothing to save: revision 2"), browser.describe());

        // Someone else saves meanwhile (the same administrator in another tab, through the API); this
        // page, opened at revision 2, then saves: refused with the conflict, nothing of it stored.
        Object elsewhere = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const h = {'Content-Type': 'application/json', 'X-Atlassian-Token': 'no-check'};"
                        + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.json()).then(c => {"
                        + " c.config.idps[0].displayName = 'Changed elsewhere';"
                        + " return fetch(arguments[0], {method: 'PUT', credentials: 'same-origin', headers: h,"
                        + "  body: JSON.stringify({revision: c.revision, config: c.config})}); })"
                        + ".then(r => done(r.status)).catch(e => done(String(e)));", ENTRY + "/api/config");
        assertEquals(200L, elsewhere, "the other tab's save");
        browser.click("idp-edit-0");
        driver.findElement(By.id("idp-display-name")).sendKeys(" (mine)");
        browser.click("save");
        assertTrue(browser.awaitText("Someone else saved the configuration (now revision 3)"), browser.describe());
        Map<String, Object> stored = fetch(driver, "GET", ENTRY + "/api/config");
        assertTrue(String.valueOf(stored.get("body")).contains("Changed elsewhere")
                && !String.valueOf(stored.get("body")).contains("(mine)"), "their change kept, mine not stored");
        driver.navigate().refresh();
        assertTrue(browser.awaitText("revision 3"), browser.describe());
        // An unsaved invalid issuer again, as before the conflict: the dry run below lists its problem.
        browser.click("idp-edit-1");
        driver.findElement(By.id("idp-issuer")).clear();
        driver.findElement(By.id("idp-issuer")).sendKeys("not a url");

        // Every page, as an admin walks through them.
        page(browser, "claims", "Claims and attributes");
        browser.screenshot("admin-claims");
        page(browser, "groups", "Users and groups");
        browser.screenshot("admin-groups");
        // The dry run: pasted claims against the working copy's rules, computed by the core; nothing created.
        // The working copy still holds the invalid issuer: the dry run lists its problem, as Save does.
        driver.findElement(By.id("dryrun-claims")).sendKeys("{\"sub\": \"z-1\", \"preferred_username\": \"zed\"}");
        browser.click("dryrun-run");
        assertTrue(browser.awaitText("fix these first"), browser.describe());
        assertTrue(browser.text("dryrun-problems").contains("/idps/1/issuer"), browser.describe());
        browser.click("discard");
        driver.findElement(By.id("dryrun-claims")).sendKeys("{\"sub\": \"z-1\", \"preferred_username\": \"zed\","
                + " \"email\": \"zed@example.com\", \"email_verified\": true, \"groups\": [\"eng\", \"ops\"]}");
        driver.findElement(By.id("dryrun-existing")).sendKeys("ops, jira-software-users");
        browser.click("dryrun-run");
        assertTrue(browser.awaitText("Account:"), browser.describe());
        assertEquals("zed", browser.text("dryrun-username"));
        String changes = browser.text("dryrun-groups").toLowerCase(java.util.Locale.ROOT);
        assertTrue(changes.contains("add eng") && !changes.contains("add ops"), changes);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'end'})",
                driver.findElement(By.id("dryrun-answer")));
        browser.screenshot("admin-groups-dry-run");
        driver.findElement(By.id("dryrun-claims")).clear();
        driver.findElement(By.id("dryrun-claims")).sendKeys("{\"sub\": \"z-1\"}");
        browser.click("dryrun-run");
        assertTrue(browser.awaitText("missing_username_claim"), browser.describe());
        page(browser, "signin", "Sign-in options and routing");
        browser.screenshot("admin-signin");
        page(browser, "logout", "Logout");
        assertTrue(browser.text("logout-addresses").contains(SETUP.host().baseUrl()
                + "/plugins/servlet/oidc-sso/backchannel-logout"));
        browser.screenshot("admin-logout");
        page(browser, "emergency", "Emergency access");
        browser.screenshot("admin-emergency");
        page(browser, "templates", "Templates");
        browser.screenshot("admin-templates");
        // The preview: the unsaved template rendered by the core, shown in a sandboxed frame.
        driver.findElement(By.id("template-error")).sendKeys("<h1>{{ site_name }}</h1><p>Code: {{ code }}</p>");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("template-preview-page")))
                .selectByValue("error");
        driver.findElement(By.id("template-preview-site")).clear();
        driver.findElement(By.id("template-preview-site")).sendKeys("<Acme>");
        browser.click("template-preview-run");
        assertTrue(browser.awaitText("Your template:"), browser.describe());
        org.openqa.selenium.WebElement frame = driver.findElement(By.id("template-preview-frame"));
        assertEquals("", frame.getDomAttribute("sandbox"), "no script, form or navigation in the preview");
        driver.switchTo().frame(frame);
        String shown = driver.findElement(By.tagName("body")).getText();
        driver.switchTo().defaultContent();
        assertTrue(shown.contains("<Acme>") && shown.contains("Code: login_expired"), shown);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'end'})", frame);
        browser.screenshot("admin-templates-preview");
        browser.click("discard");
        page(browser, "diagnostics", "Diagnostics");
        assertTrue(browser.awaitText("Single sign-on"), browser.describe());
        assertFalse(browser.text("status-revision").isBlank(), browser.describe());
        // Each IdP's circuit and since when (issue 12 item 3: the admin page shows the IdP's state).
        // (the lozenge's CSS capitalises the word, and Selenium reads the rendered text)
        assertTrue(browser.pageText().toLowerCase(java.util.Locale.ROOT).contains("closed"), browser.describe());
        assertTrue(java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z")
                .matcher(browser.pageText()).find(), "an ISO-8601 since: " + browser.describe());
        browser.screenshot("admin-diagnostics");

        // Export with the secrets encrypted.
        page(browser, "transfer", "Export and import");
        browser.click("export-encrypt");
        driver.findElement(By.id("export-passphrase")).sendKeys(PASSPHRASE);
        browser.click("export-run");
        assertTrue(browser.awaitText("Exported oidc-sso-config-r3.json"), browser.describe());
        String exported = browser.value("export-document");
        assertFalse(exported.contains(E2eSettings.CLIENT_SECRET), "secrets only encrypted");
        browser.screenshot("admin-export");
        Path file = Files.writeString(SETUP.workDir().resolve("exported.json"), exported, StandardCharsets.UTF_8);
        assertNoCspViolation(driver);

        // Import into the second host: preview (the difference), apply, see it there.
        ChromeDriver other = driver();
        BrowserSteps there = signedIn(other, second, "admin");
        there.open(second.url(ENTRY + "#transfer"));
        assertTrue(there.awaitText("none yet") || there.awaitText("Export and import"), there.describe());
        other.findElement(By.id("import-file")).sendKeys(file.toString());
        new org.openqa.selenium.support.ui.WebDriverWait(other, java.time.Duration.ofSeconds(10)).until(
                d -> !d.findElement(By.id("import-document")).getDomProperty("value").isEmpty());
        other.findElement(By.id("import-passphrase")).sendKeys(PASSPHRASE);
        there.click("import-preview");
        assertTrue(there.awaitText("change(s)"), there.describe());
        // Nothing stored there yet: the whole document is the difference.
        assertEquals("ADDED (document)", there.text("import-diff"), there.describe());
        assertFalse(there.pageText().contains("null"), there.describe());
        there.screenshot("admin-import");
        there.click("import-apply");
        assertTrue(there.awaitText("Imported: revision 1"), there.describe());
        page(there, "idps", "Identity providers");
        assertTrue(there.text("idp-list").contains("second"), there.describe());
        assertEquals("SET", there.text("idp-client-secret-status"), "the encrypted secret came along");
        assertNoCspViolation(other);
    }

    @Test
    void adminPageWhenNotAnAdministratorThenNoPageNoLinkAndNoApi() {
        ChromeDriver driver = driver();
        BrowserSteps browser = signedIn(driver, SETUP.host(), "local");

        Map<String, Object> page = fetch(driver, "GET", ENTRY);
        assertEquals(403L, page.get("status"));
        assertTrue(String.valueOf(page.get("body")).contains("oidcsso-admin-forbidden"), page.toString());
        assertFalse(String.valueOf(page.get("body")).contains("data-api"), page.toString());
        assertEquals(403L, fetch(driver, "GET", "/secure/admin").get("status"));
        for (String[] call : new String[][] {{"GET", "config"}, {"GET", "status"}, {"POST", "export"}}) {
            Map<String, Object> api = fetch(driver, call[0], ENTRY + "/api/" + call[1]);
            assertEquals(403L, api.get("status"), call[1] + ": " + api);
            assertTrue(String.valueOf(api.get("body")).contains("\"forbidden\""), api.toString());
        }
        browser.open(SETUP.host().url(ENTRY));
        assertTrue(browser.text("oidcsso-admin-forbidden").contains("Only system administrators"));
    }

    @Test
    void adminPageWhenAnonymousThenTheProductsLoginPageWithTheWayBack() throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(SETUP.host().url(ENTRY)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertEquals(302, response.statusCode());
        assertEquals(SETUP.host().baseUrl() + "/login?os_destination=%2Fplugins%2Fservlet%2Foidc-sso%2Fadmin",
                SETUP.host().baseUrl().resolve(response.headers().firstValue("Location").orElseThrow()).toString());
        assertEquals(CSP, response.headers().firstValue("Content-Security-Policy").orElseThrow());
    }
}
