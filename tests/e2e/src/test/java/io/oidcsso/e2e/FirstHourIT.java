package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The demo as a newcomer meets it in the first hour (issue 16), in headless Chromium: the reference
 * host with the plugin and the demo's own configuration ({@code examples/configs/dev-idp.json}, with
 * this run's addresses, as scripts/demo.sh rewrites it), the dev IdP on another site. The host's pages
 * look like the plugin's, the dashboard says who you are and how you signed in, logout ends on the
 * styled signed-out page, the chooser keeps a typed email and says in words what went wrong.
 *
 * <p>With {@code -De2e.screenshots=DIR} (scripts/screenshots.sh: docs/screenshots) each test saves the
 * pages it checked, so the pictures in the docs are the pages these tests accept.
 */
class FirstHourIT {
    /** AUI's colours, as the browser computes them: the pages' styles were applied (the CSP allowed them). */
    private static final String PAGE_GREY = "rgb(244, 245, 247)";
    private static final String HEADER_BLUE = "rgb(7, 71, 166)";
    private static final String CARD_WHITE = "rgb(255, 255, 255)";

    @RegisterExtension
    static final SingleHostExtension SETUP = new SingleHostExtension("first-hour", "demo", SingleHost.DEMO);

    @RegisterExtension
    final Browsers browsers = new Browsers();

    /** The demo's configuration file with this run's addresses (what scripts/demo.sh does with sed). */
    private BrowserSteps browser() {
        ChromeDriver driver = browsers.start(SETUP.workDir());
        // A size that reads well in the docs.
        driver.manage().window().setSize(new Dimension(1100, 760));
        return new BrowserSteps(driver);
    }

    private BrowserSteps signedInAsAlice() {
        BrowserSteps browser = browser();
        browser.open(SETUP.host().url("/secure/dashboard"));
        browser.signInAtDevIdp(SETUP.idp().issuer(), "alice", "alice");
        browser.awaitLocation(SETUP.host().baseUrl(), "/secure/dashboard");
        return browser;
    }

    private static void assertHostFrame(BrowserSteps browser) {
        assertEquals(PAGE_GREY, browser.computedStyle("body", "backgroundColor"), browser.describe());
        assertEquals(HEADER_BLUE, browser.computedStyle("header", "backgroundColor"), browser.describe());
        assertEquals(CARD_WHITE, browser.computedStyle(".card", "backgroundColor"), browser.describe());
    }

    private static void assertPluginCard(BrowserSteps browser) {
        assertEquals(PAGE_GREY, browser.computedStyle("body", "backgroundColor"), browser.describe());
        assertEquals(CARD_WHITE, browser.computedStyle("main", "backgroundColor"), browser.describe());
    }

    @Test
    void homeWhenAnonymousThenStyledPageOffersLoginAndTheDashboard() {
        BrowserSteps browser = browser();
        browser.open(SETUP.host().url("/"));

        assertHostFrame(browser);
        assertEquals("You are not logged in.", browser.text("current-user"));
        assertEquals("Log in", browser.text("login-link"));
        assertEquals("Go to the dashboard", browser.text("dashboard-link"));
        browser.screenshot("home");
    }

    @Test
    void dashboardWhenSignedInWithSsoThenWhoYouAreYourGroupsAndTheIdp() {
        BrowserSteps browser = browser();
        browser.open(SETUP.host().url("/secure/dashboard"));
        browser.awaitLocation(SETUP.idp().issuer(), "/interaction/");
        browser.screenshot("dev-idp-sign-in");
        browser.signInAtDevIdp(SETUP.idp().issuer(), "alice", "alice");
        browser.awaitLocation(SETUP.host().baseUrl(), "/secure/dashboard");

        assertHostFrame(browser);
        assertEquals("Hello, Alice Anderson", browser.text("dashboard-user"));
        assertEquals("alice", browser.text("dashboard-username"));
        assertEquals("Alice Anderson", browser.text("dashboard-display-name"));
        assertEquals("alice@example.com", browser.text("dashboard-email"));
        String groups = browser.text("dashboard-groups");
        assertTrue(groups.contains("JIRA-USERS") && groups.contains("ENGINEERING"), groups);
        String signIn = browser.text("dashboard-sign-in");
        assertTrue(signIn.contains("SINGLE SIGN-ON") && signIn.contains("identity provider dev")
                && signIn.contains(SETUP.idp().issuer().toString()), signIn);
        browser.screenshot("dashboard");
    }

    @Test
    void logoutWhenSignedInWithSsoThenStyledSignedOutPageWithoutStrayParameter() {
        // Issue 16 item 1: the demo configuration's postLogoutRedirectUri is the plugin's signed-out page.
        BrowserSteps browser = signedInAsAlice();

        browser.open(SETUP.host().url("/logout"));
        browser.confirmDevIdpLogout(SETUP.idp().issuer());
        browser.awaitLocation(SETUP.host().baseUrl(), E2eSettings.LOGGED_OUT_PATH);

        assertNull(browser.currentUrl().getRawQuery(), "no stray parameter: " + browser.currentUrl());
        assertPluginCard(browser);
        assertEquals("Signed out", browser.text("oidcsso-heading"));
        assertEquals("You are signed out.", browser.text("oidcsso-message"));
        assertEquals("Reference Host", browser.text("oidcsso-site"));
        browser.screenshot("signed-out");
        assertNull(browser.whoami(SETUP.host()).user(), "the session ended");
    }

    @Test
    void chooserWhenEmailOfUnknownDomainThenTypedEmailKeptSentenceInWordsAndSiteInHeading() {
        // Issue 16 item 6.
        BrowserSteps browser = browser();
        browser.open(SETUP.host().url("/login?oidcsso_chooser=true"));
        assertPluginCard(browser);
        assertEquals("Sign in to Reference Host", browser.text("oidcsso-heading"));
        browser.screenshot("chooser");

        browser.typeAndSubmit("oidcsso_hint", "jane@example.org");

        assertTrue(browser.awaitText("We don't know the email domain example.org"), browser.describe());
        assertEquals("jane@example.org", browser.value("oidcsso_hint"), "what was typed is still there");
        String notice = browser.text("oidcsso-notice");
        assertTrue(notice.contains("ask your administrator"), notice);
        assertFalse(browser.pageText().contains("domain_not_allowed"), "no raw code:\n" + browser.describe());
        assertEquals("Sign in to Reference Host", browser.text("oidcsso-heading"));
        browser.screenshot("chooser-unknown-domain");

        // The field is usable as it is: correcting the domain goes on to the IdP.
        browser.replaceAndSubmit("oidcsso_hint", "jane@example.com");
        browser.awaitLocation(SETUP.idp().issuer(), "/interaction/");
    }

    @Test
    void localLoginWhenEmergencyPathThenStyledFormAndTheDashboardSaysSo() {
        BrowserSteps browser = browser();
        browser.open(SETUP.host().url(E2eSettings.LOCAL_LOGIN_PATH));
        assertHostFrame(browser);
        assertTrue(browser.text("login-emergency").contains("single sign-on is bypassed"), browser.describe());
        browser.screenshot("local-login");

        browser.signInLocally("admin", "admin");
        browser.awaitLocation(SETUP.host().baseUrl(), "/secure/dashboard");

        assertEquals("admin", browser.text("dashboard-username"));
        String signIn = browser.text("dashboard-sign-in");
        assertTrue(signIn.contains("LOCAL ACCOUNT") && signIn.contains("the emergency login"), signIn);
    }

    @Test
    void notFoundWhenUnknownPathThenStyledPageWithTheWayHome() {
        BrowserSteps browser = browser();
        browser.open(SETUP.host().url("/browse/NOPE-1"));

        assertHostFrame(browser);
        assertTrue(browser.text("not-found").startsWith("There is nothing at /browse/NOPE-1."), browser.describe());
        browser.screenshot("not-found");
        browser.click("home-link");
        browser.awaitLocation(SETUP.host().baseUrl(), "/");
        assertEquals("You are not logged in.", browser.text("current-user"));
    }
}
