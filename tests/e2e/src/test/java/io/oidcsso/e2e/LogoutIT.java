package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Logout end to end (RP-CHECKLIST "Logout"): the reference host with the plugin, the dev IdP
 * (another site) and headless Chromium. RP-initiated logout ends both sessions; the IdP's
 * back-channel logout kills the host session; forged and replayed logout tokens get 400, never cached.
 */
class LogoutIT {
    /** The IdP's back-channel logout URI is the first RP base URL: this host. */
    @RegisterExtension
    static final SingleHostExtension SETUP = new SingleHostExtension("logout", "node-1", SingleHost.DEV_IDP);

    @RegisterExtension
    final Browsers browsers = new Browsers();

    private BrowserSteps loggedInBrowser(String user) {
        ChromeDriver driver = browsers.start(SETUP.workDir());
        BrowserSteps browser = new BrowserSteps(driver);
        browser.open(SETUP.host().url("/secure/dashboard"));
        browser.signInAtDevIdp(SETUP.idp().issuer(), user, user);
        browser.awaitLocation(SETUP.host().baseUrl(), "/secure/dashboard");
        assertEquals(user, browser.whoami(SETUP.host()).user(), browser.describe());
        return browser;
    }

    @Test
    void logoutWhenUserLogsOutAtHostThenSessionEndsAtHostAndIdpAndNextLoginAsksForPassword() {
        BrowserSteps browser = loggedInBrowser("alice");

        browser.open(SETUP.host().url("/logout"));
        browser.confirmDevIdpLogout(SETUP.idp().issuer());
        browser.awaitLocation(SETUP.host().baseUrl(), "/");

        assertTrue(browser.currentUrl().getQuery() != null && browser.currentUrl().getQuery().contains("state="),
                "back at the registered post_logout_redirect_uri with our state: " + browser.currentUrl());
        assertNull(browser.whoami(SETUP.host()).user(), "the host session ended");
        browser.open(SETUP.host().url("/secure/dashboard"));
        // The IdP session ended too: its sign-in form again, not a silent SSO login.
        browser.signInAtDevIdp(SETUP.idp().issuer(), "alice", "alice");
        browser.awaitLocation(SETUP.host().baseUrl(), "/secure/dashboard");
        assertEquals("alice", browser.whoami(SETUP.host()).user());
    }

    @Test
    void backchannelWhenIdpEndsTheSessionThenHostSessionDeadOnNextRequest() {
        BrowserSteps browser = loggedInBrowser("bob");

        // Logout at the IdP itself (not through the host): the OP sends the back-channel logout.
        browser.open(URI.create(SETUP.idp().issuer() + "/session/end"));
        browser.confirmDevIdpLogout(SETUP.idp().issuer());
        awaitLogoutPage(browser);

        assertNull(browser.whoami(SETUP.host()).user(), "the host session died with the IdP's:\n" + browser.describe());
    }

    @Test
    void backchannelWhenTokenForgedThen400NoStore() {
        String token = mintLogoutToken("carol-sub", "sid-forged");
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + (parts[2].startsWith("A") ? "B" : "A") + parts[2].substring(1);

        assertRejected(postLogoutToken(forged), "invalid_signature");
        assertRejected(postLogoutToken("not-a-token"), "malformed_logout_token");
    }

    @Test
    void backchannelWhenTokenReplayedThenFirst200AndReplay400NoStore() {
        String token = mintLogoutToken("carol-sub", "sid-replayed");

        HttpResponse<String> first = postLogoutToken(token);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("no-cache, no-store", first.headers().firstValue("Cache-Control").orElse(null));

        assertRejected(postLogoutToken(token), "logout_token_replayed");
    }

    @Test
    void backchannelWhenGetThen405NoStore() {
        HttpResponse<String> response = new ScriptedUserAgent()
                .get(SETUP.host().url(E2eSettings.BACKCHANNEL_LOGOUT_PATH));
        // Only POST is a logout request (§2.5); any other method is refused as such (issue 8).
        assertEquals(405, response.statusCode(), response.body());
        assertEquals("POST", response.headers().firstValue("Allow").orElse(null));
        assertEquals("no-cache, no-store", response.headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    void loggedOutPageWhenQueryGivenThenSeeOtherToItsBareAddressOnly() {
        HttpResponse<String> response = new ScriptedUserAgent()
                .get(SETUP.host().url(E2eSettings.LOGGED_OUT_PATH
                        + "?post_logout_redirect_uri=https://evil.example/&state=x"));

        assertEquals(303, response.statusCode(), response.body());
        assertEquals(E2eSettings.LOGGED_OUT_PATH, response.headers().firstValue("Location").orElse(null));
        assertFalse(response.body().contains("evil.example"), response.body());
    }

    @Test
    void loggedOutPageWhenAnonymousGetThenCoresLogoutPage200NoStoreWithCsp() {
        HttpResponse<String> response = new ScriptedUserAgent().get(SETUP.host().url(E2eSettings.LOGGED_OUT_PATH));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(response.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'none'"));
        // The core's built-in logout template (its <main> card), not the shim's fallback page.
        assertTrue(response.body().contains("<main>") && response.body().contains("You are signed out.")
                && response.body().contains("id=\"oidcsso-home\""), response.body());
        assertFalse(response.body().contains("evil.example"), response.body());
    }

    /** The OP's own logout token (signed with its key), from the dev IdP's test hook; not sent anywhere. */
    private static String mintLogoutToken(String sub, String sid) {
        HttpResponse<String> response = new ScriptedUserAgent()
                .get(URI.create(SETUP.idp().issuer() + "/__test/logout-token?sub=" + sub + "&sid=" + sid));
        assertEquals(200, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject().get("logout_token").getAsString();
    }

    private static HttpResponse<String> postLogoutToken(String token) {
        return new ScriptedUserAgent().postForm(SETUP.host().url(E2eSettings.BACKCHANNEL_LOGOUT_PATH),
                Map.of("logout_token", token),
                SETUP.idp().issuer().toString());
    }

    private static void assertRejected(HttpResponse<String> response, String code) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("no-cache, no-store", response.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(response.body().contains("\"error\":\"invalid_request\"") && response.body().contains(code),
                response.body());
    }

    /** The dev IdP's "signed out" page after a logout without a redirect back. */
    private static void awaitLogoutPage(BrowserSteps browser) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (browser.currentUrl().getPath().startsWith("/session/end") && !browser.currentUrl().getPath()
                .endsWith("/success") && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        assertTrue(browser.currentUrl().getPath().endsWith("/success"), browser.describe());
    }
}
