package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Interop with a real Keycloak (127.0.0.3), configured through the {@code keycloak} preset as
 * docs/idp/keycloak.md says: users are created with their groups and the default groups, a group
 * removed at Keycloak disappears at the next login, local groups stay; logging out at the host ends
 * the Keycloak session (RP-initiated logout), and logging out at Keycloak ends the host session
 * (Keycloak calls the host's back-channel logout URL at its loopback address). Keycloak starts once
 * for the class; each test uses its own user, so one test's logout cannot end another's session.
 */
class KeycloakInteropIT {
    @RegisterExtension
    static final DumpOutputOnFailure DUMP = new DumpOutputOnFailure();

    private static Path workDir;
    private static Keycloak keycloak;
    private static ReferenceHost host;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void startKeycloakAndHost() {
        workDir = E2eSettings.workDir().resolve("keycloak-" + System.currentTimeMillis());
        URI hostBaseUrl = ReferenceHost.reserveBaseUrl();
        keycloak = Keycloak.start(workDir, hostBaseUrl);
        DUMP.watch(keycloak.process());
        Path config = PluginConfig.writeForKeycloak(keycloak, hostBaseUrl, workDir.resolve("oidc-sso-config.json"));
        host = ReferenceHost.start("kc-node", hostBaseUrl, config, workDir, List.of());
        DUMP.watch(host.process());
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    private BrowserSteps signedIn(String username, String password) {
        ChromeDriver driver = browsers.start(workDir);
        BrowserSteps browser = new BrowserSteps(driver);
        browser.open(host.url("/secure/dashboard"));
        browser.signInAtKeycloak(keycloak.issuer(), username, password);
        browser.awaitLocation(host.baseUrl(), "/secure/dashboard");
        assertEquals(username, browser.whoami(host).user(), browser.describe());
        return browser;
    }

    private Whoami signIn(String username, String password) {
        return signedIn(username, password).whoami(host);
    }

    @Test
    void loginWhenNewKeycloakUserThenCreatedWithClaimedAndDefaultGroups() {
        Whoami me = signIn("kc-alice", "kc-alice");

        assertEquals("Kay Alice", me.displayName());
        assertEquals("kc-alice@example.com", me.email());
        assertTrue(me.groups().containsAll(List.of("kc-engineering", "kc-operations", PluginConfig.DEFAULT_GROUP,
                PluginConfig.KEYCLOAK_NEW_USER_GROUP)), "groups: " + me.groups());
    }

    @Test
    void loginWhenGroupRemovedAtKeycloakThenGoneAtNextLoginAndLocalGroupsKept() {
        // `local` exists in the host with the local group ref-users; Keycloak sends the same verified email.
        Whoami first = signIn("local", "local-at-keycloak");
        assertTrue(first.groups().containsAll(List.of("ref-users", "kc-engineering", "kc-operations",
                PluginConfig.DEFAULT_GROUP)), "groups: " + first.groups());
        assertFalse(first.groups().contains(PluginConfig.KEYCLOAK_NEW_USER_GROUP), "not a new user");

        keycloak.removeFromGroup("local", "kc-operations");
        Whoami second = signIn("local", "local-at-keycloak");

        assertFalse(second.groups().contains("kc-operations"), "groups: " + second.groups());
        assertTrue(second.groups().containsAll(List.of("ref-users", "kc-engineering", PluginConfig.DEFAULT_GROUP)),
                "groups: " + second.groups());
    }

    @Test
    void logoutWhenUserLogsOutAtHostThenKeycloakSessionEndsAndNextLoginAsksForPassword() {
        BrowserSteps browser = signedIn("kc-bob", "kc-bob");

        browser.open(host.url("/logout"));

        // Keycloak ends its session without asking (id_token_hint) and returns to the registered page,
        // with our state, which the page answers with its bare address.
        browser.awaitLocation(host.baseUrl(), E2eSettings.LOGGED_OUT_PATH);
        assertTrue(browser.awaitText("You are signed out."), browser.describe());
        assertNull(browser.currentUrl().getRawQuery(), "no stray parameter: " + browser.currentUrl());
        assertNull(browser.whoami(host).user(), "the host session ended");
        browser.open(host.url("/secure/dashboard"));
        // Keycloak's sign-in form again, not a silent single sign-on.
        browser.signInAtKeycloak(keycloak.issuer(), "kc-bob", "kc-bob");
        browser.awaitLocation(host.baseUrl(), "/secure/dashboard");
        assertEquals("kc-bob", browser.whoami(host).user());
    }

    @Test
    void backchannelWhenUserLogsOutAtKeycloakThenHostSessionDeadOnNextRequest() {
        BrowserSteps browser = signedIn("kc-carol", "kc-carol");

        // Logout at Keycloak itself, not through the host: Keycloak posts a logout token to the host.
        browser.open(URI.create(keycloak.issuer() + "/protocol/openid-connect/logout"));
        browser.confirmKeycloakLogout(keycloak.issuer());
        assertTrue(browser.awaitText("logged out"), "Keycloak's logged-out page:\n" + browser.describe());

        assertNull(awaitSignedOut(browser), "the host session died with Keycloak's:\n" + host.process().output());
    }

    /**
     * The host's user for this browser once it is null, or the last one seen after a bounded wait:
     * Keycloak sends the logout token while it handles the logout, so the first look normally
     * suffices; the wait only guards against a slow machine.
     */
    private String awaitSignedOut(BrowserSteps browser) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        String user = browser.whoami(host).user();
        while (user != null && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            user = browser.whoami(host).user();
        }
        return user;
    }
}
