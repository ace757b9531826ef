package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The test login ("SSO doctor", issue 11 item 5) in headless Chromium against the real dev IdP: the
 * admin, signed in locally, clicks "Test login" for the dev IdP, signs in at the IdP in the new window as
 * alice, and sees alice's claims, username, group plan, routing and clock on the admin page; the admin is
 * still the admin afterwards and alice was not created. A test login as a user the configuration refuses
 * (the dev IdP's "local", whose product account is not linked) shows the code and hint. A non-admin can
 * neither start one nor read results.
 */
class SsoDoctorIT {
    private static final String ENTRY = "/plugins/servlet/oidc-sso/admin";
    private static final String START = "/plugins/servlet/oidc-sso/admin/test-login";

    @RegisterExtension
    static final SingleHostExtension SETUP = new SingleHostExtension("sso-doctor", "sso-doctor", SingleHost.DEMO);

    @RegisterExtension
    final Browsers browsers = new Browsers();

    /** The admin, signed in locally, on the admin page in a window {@code height} pixels high. */
    private BrowserSteps adminPage(ChromeDriver driver, int height) {
        driver.manage().window().setSize(new Dimension(1280, height));
        BrowserSteps browser = new BrowserSteps(driver);
        browser.open(SETUP.host().url(E2eSettings.LOCAL_LOGIN_PATH));
        browser.signInLocally("admin", "admin");
        browser.awaitLocation(SETUP.host().baseUrl(), "/secure/dashboard");
        browser.open(SETUP.host().url(ENTRY));
        assertTrue(browser.awaitText("revision 1"), browser.describe());
        return browser;
    }

    /** Clicks "Test login" of the first IdP, signs in at the dev IdP in the new window, comes back. */
    private static void testLoginAs(ChromeDriver driver, BrowserSteps browser, String user) {
        String admin = driver.getWindowHandle();
        Set<String> before = driver.getWindowHandles();
        browser.click("idp-test-0");
        String window = awaitNewWindow(driver, before);
        driver.switchTo().window(window);
        BrowserSteps test = new BrowserSteps(driver);
        test.signInAtDevIdp(SETUP.idp().issuer(), user, user);
        assertTrue(test.awaitText("Test login finished"), test.describe());
        driver.close();
        driver.switchTo().window(admin);
    }

    private static String awaitNewWindow(ChromeDriver driver, Set<String> before) {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(until)) {
            for (String handle : driver.getWindowHandles()) {
                if (!before.contains(handle)) {
                    return handle;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("no new window opened");
    }

    @Test
    void adminWhenTestLoginAsAnotherUserThenSeesClaimsAndPlanStaysAdminAndNothingCreated() {
        ChromeDriver driver = browsers.start(SETUP.workDir());
        BrowserSteps browser = adminPage(driver, 1400);

        testLoginAs(driver, browser, "alice");

        assertTrue(browser.awaitText("What the login would change"), browser.describe());
        assertEquals("ok", browser.text("testlogin-outcome"), browser.describe());
        assertEquals("alice", browser.text("testlogin-username"));
        assertEquals("dev", browser.text("testlogin-idp"));
        // The dev IdP sends the profile claims in the ID token or at userinfo: either table shows them.
        String claims = browser.text("testlogin-id-claims") + "\n" + browser.text("testlogin-userinfo-claims");
        assertTrue(browser.text("testlogin-id-claims").contains("alice-sub"), claims);
        assertTrue(claims.contains("alice@example.com") && claims.contains("preferred_username"), claims);
        assertFalse(claims.contains("nonce"), "the nonce is not shown: " + claims);
        assertTrue(browser.text("testlogin-redacted").contains("nonce"), browser.describe());
        assertTrue(browser.text("testlogin-claimed").contains("jira-users"), browser.describe());
        assertTrue(browser.text("testlogin-groups").contains("jira-users"), browser.text("testlogin-groups"));
        assertTrue(browser.text("testlogin-routing").startsWith("straight to dev"), browser.text("testlogin-routing"));
        assertTrue(browser.text("testlogin-clock").contains("ID token iat"), browser.text("testlogin-clock"));
        ((JavascriptExecutor) driver).executeScript("document.getElementById('testlogin').scrollIntoView()");
        browser.screenshot("admin-test-login");

        // The groups page's dry run takes the test login's claims.
        browser.click("nav-groups");
        assertTrue(browser.awaitText("Dry run"), browser.describe());
        browser.click("dryrun-use-test-login");
        assertTrue(browser.awaitText("Filled from the test login"), browser.describe());
        assertTrue(browser.value("dryrun-claims").contains("alice-sub"), browser.value("dryrun-claims"));

        // The admin is still the admin; alice was neither created nor signed in.
        assertEquals("admin", browser.whoami(SETUP.host()).user());
        AdminApiClient admin = AdminApiClient.loggedIn(SETUP.host()::url, "admin", "admin");
        assertEquals("no_such_user", AdminApiClient.error(admin.get("links?user=alice"), 404));
        JsonObject results = AdminApiClient.ok(admin.get("test-login/result"));
        assertTrue(results.toString().contains("\"username\":\"alice\""), "any node, any session of this admin"
                + " reads it: " + results);
    }

    @Test
    void adminWhenTestLoginAsARefusedUserThenSeesTheCodeAndHint() {
        ChromeDriver driver = browsers.start(SETUP.workDir());
        BrowserSteps browser = adminPage(driver, 1200);

        testLoginAs(driver, browser, "local");

        assertTrue(browser.awaitText("A login would be refused"), browser.describe());
        assertEquals("refused", browser.text("testlogin-outcome"));
        assertEquals("account_exists_not_linked", browser.text("testlogin-failure-code"), browser.describe());
        assertFalse(browser.text("testlogin-failure-hint").isBlank(), browser.describe());
        browser.screenshot("admin-test-login-refused");
        assertEquals("admin", browser.whoami(SETUP.host()).user());
    }

    @Test
    void nonAdminWhenStartingOrReadingThenRefused() {
        AdminApiClient local = AdminApiClient.loggedIn(SETUP.host()::url, "local", "local");
        assertEquals("forbidden", AdminApiClient.error(local.send("POST", "test-login/start", "{\"idp\":\"dev\"}"),
                403));
        assertEquals("forbidden", AdminApiClient.error(local.get("test-login/result"), 403));

        // Even with a real ticket of the admin's, the start page refuses anyone else.
        AdminApiClient admin = AdminApiClient.loggedIn(SETUP.host()::url, "admin", "admin");
        String url = AdminApiClient.ok(admin.send("POST", "test-login/start", "{\"idp\":\"dev\"}")).get("url")
                .getAsString();
        assertTrue(url.startsWith(START + "?idp=dev&ticket="), url);
        ScriptedUserAgent stranger = new ScriptedUserAgent();
        HttpResponse<String> login = stranger.postForm(SETUP.host().url(E2eSettings.LOCAL_LOGIN_PATH),
                Map.of("os_username", "local", "os_password", "local"), SETUP.host().url("/").toString());
        assertEquals(302, login.statusCode());
        HttpResponse<String> refused = stranger.request("GET", SETUP.host().url(url), null, Map.of());
        assertEquals(403, refused.statusCode(), refused.body());
        HttpResponse<String> noTicket = AdminApiClient.anonymous(SETUP.host()::url).get("test-login/result");
        assertEquals(401, noTicket.statusCode());
    }
}
