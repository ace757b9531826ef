package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One real browser login per product mode of the reference host ({@code --product}): each mode has
 * its own SAL platform id, login page and session rules (Confluence accepts only a
 * ConfluenceUserPrincipal, Jira and Bamboo re-resolve the user by name, Bitbucket is not Seraph), and
 * the plugin binds through SAL's AuthenticationController and AuthenticationListener on all of them.
 * Also: a user whom the product's AuthenticationController refuses gets no session.
 */
class ProductModesIT {
    /** The reference host's "no product access" group (RefAuthenticationController). */
    private static final String NO_ACCESS_GROUP = "ref-login-denied";
    /** Product flag to the login page the host serves (and the plugin intercepts) in that mode. */
    private static final Map<String, String> LOGIN_PAGES = new LinkedHashMap<>();

    static {
        LOGIN_PAGES.put("jira", "/login.jsp");
        LOGIN_PAGES.put("confluence", "/login.action");
        LOGIN_PAGES.put("bitbucket", "/login");
        LOGIN_PAGES.put("bamboo", "/userlogin!doDefault.action");
    }

    @RegisterExtension
    static final DumpOutputOnFailure DUMP = new DumpOutputOnFailure();

    private static Path workDir;
    private static DevIdp idp;
    private static final Map<String, URI> BASE_URLS = new LinkedHashMap<>();
    private static URI deniedBaseUrl;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void startIdp() {
        workDir = E2eSettings.workDir().resolve("products-" + System.currentTimeMillis());
        LOGIN_PAGES.keySet().forEach(product -> BASE_URLS.put(product, ReferenceHost.reserveBaseUrl()));
        deniedBaseUrl = ReferenceHost.reserveBaseUrl();
        List<URI> all = new java.util.ArrayList<>(BASE_URLS.values());
        all.add(deniedBaseUrl);
        idp = DevIdp.start(workDir.resolve("logs"), all);
        DUMP.watch(idp.process());
    }

    @AfterAll
    static void stopIdp() {
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void loginWhenEachProductModeThenBrowserSignInBindsTheSessionThroughSal() {
        Path config = PluginConfig.writeForDevIdp(idp.issuer(), workDir.resolve("config.json"));
        for (Map.Entry<String, String> mode : LOGIN_PAGES.entrySet()) {
            String product = mode.getKey();
            try (ReferenceHost host = ReferenceHost.start(product, BASE_URLS.get(product), config, workDir, List.of(),
                    List.of("--product", product))) {
                DUMP.watch(host.process());
                BrowserSteps browser = new BrowserSteps(browsers.start(workDir));
                browser.open(host.url("/secure/dashboard"));
                browser.signInAtDevIdp(idp.issuer(), "alice", "alice");
                browser.awaitLocation(host.baseUrl(), "/secure/dashboard");

                Whoami me = browser.whoami(host);
                assertEquals("alice", me.user(), product + ": " + browser.describe());
                assertTrue(host.process().output().contains("login through SAL AuthenticationListener: `alice` ("
                        + product + ")"), product + ": bound through the host's SAL listener");
                assertTrue(new ScriptedUserAgent().get(host.url(mode.getValue())).statusCode() == 302,
                        product + ": its login page " + mode.getValue() + " starts SSO");
            }
        }
    }

    @Test
    void loginWhenProductRefusesTheUserThenClearPageAndNoSession() {
        Path config = PluginConfig.writeForDevIdp(idp.issuer(), workDir.resolve("denied-config.json"),
                List.of(PluginConfig.DEFAULT_GROUP, NO_ACCESS_GROUP));
        try (ReferenceHost host = ReferenceHost.start("denied", deniedBaseUrl, config, workDir, List.of())) {
            DUMP.watch(host.process());
            BrowserSteps browser = new BrowserSteps(browsers.start(workDir));
            browser.open(host.url("/secure/dashboard"));
            browser.signInAtDevIdp(idp.issuer(), "bob", "bob");

            assertTrue(browser.awaitText("login_not_permitted"), browser.describe());
            assertNull(browser.whoami(host).user(), "canLogin false: no session");
        }
    }
}
