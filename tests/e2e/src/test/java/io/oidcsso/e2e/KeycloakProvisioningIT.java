package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Provisioning against a real Keycloak (127.0.0.3) with a group-membership mapper: users are
 * created with their groups and the default groups, a group removed at Keycloak disappears at the
 * next login, and local groups stay. Keycloak starts once for the class.
 */
class KeycloakProvisioningIT {
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
        Path config = PluginConfig.writeForKeycloak(keycloak.issuer(), workDir.resolve("oidc-sso-config.json"));
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

    private Whoami signIn(String username, String password) {
        ChromeDriver driver = browsers.start(workDir);
        BrowserSteps browser = new BrowserSteps(driver);
        browser.open(host.url("/secure/dashboard"));
        browser.signInAtKeycloak(keycloak.issuer(), username, password);
        browser.awaitLocation(host.baseUrl(), "/secure/dashboard");
        Whoami me = browser.whoami(host);
        assertEquals(username, me.user(), browser.describe());
        return me;
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
}
