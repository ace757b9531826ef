package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The login flow end to end: the reference host (127.0.0.1) with the plugin jar, the dev IdP
 * (127.0.0.2, another site) and headless Chromium; every process is started here.
 */
class LoginFlowIT {
    /** Codes a callback whose state matches no pending login of this browser may carry. */
    private static final Set<String> STATE_REJECTED =
            Set.of("invalid_state", "login_expired_or_replayed", "state_not_bound");
    /** Codes a callback whose pending login was already used may carry. */
    private static final Set<String> REPLAY_REJECTED = Set.of("login_expired_or_replayed", "state_not_bound");
    private static final String METRICS_PATH = "/plugins/servlet/oidc-sso/metrics";
    /** The scrape token; the host gets only its SHA-256. */
    private static final String SCRAPE_TOKEN = "e2e-scrape-token-" + System.nanoTime();

    @RegisterExtension
    static final DumpOutputOnFailure DUMP = new DumpOutputOnFailure();

    private static Path workDir;
    private static Path configFile;
    private static DevIdp idp;
    private static ReferenceHost host;
    private static URI killSwitchBaseUrl;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void startIdpAndHost() {
        workDir = E2eSettings.workDir().resolve("run-" + System.currentTimeMillis());
        URI hostBaseUrl = ReferenceHost.reserveBaseUrl();
        killSwitchBaseUrl = ReferenceHost.reserveBaseUrl();
        idp = DevIdp.start(workDir.resolve("logs"), List.of(hostBaseUrl, killSwitchBaseUrl));
        DUMP.watch(idp.process());
        configFile = PluginConfig.writeForDevIdp(idp.issuer(), workDir.resolve("oidc-sso-config.json"));
        host = ReferenceHost.start("node-1", hostBaseUrl, configFile, workDir,
                List.of("-Doidcsso.metrics.tokenSha256=" + sha256Hex(SCRAPE_TOKEN)));
        DUMP.watch(host.process());
    }

    @AfterAll
    static void stopIdpAndHost() {
        if (host != null) {
            host.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    private BrowserSteps freshBrowser() {
        ChromeDriver driver = browsers.start(workDir);
        return new BrowserSteps(driver);
    }

    private static URI callbackUrl(ReferenceHost node) {
        return node.url(E2eSettings.CALLBACK_PATH);
    }

    @Test
    void loginWhenAnonymousOpensProtectedPageThenIdpSignInLandsThereWithProfileAndGroups() {
        BrowserSteps browser = freshBrowser();
        browser.open(host.url("/secure/dashboard"));
        browser.signInAtDevIdp(idp.issuer(), "alice", "alice");
        browser.awaitLocation(host.baseUrl(), "/secure/dashboard");

        Whoami me = browser.whoami(host);
        assertEquals("alice", me.user(), browser.describe());
        assertEquals("Alice Anderson", me.displayName());
        assertEquals("alice@example.com", me.email());
        assertTrue(me.groups().containsAll(List.of("jira-users", "engineering", PluginConfig.DEFAULT_GROUP)),
                "groups: " + me.groups());
    }

    @Test
    void callbackWhenStateTamperedThenErrorPageWithCodeAndNoSession() {
        ScriptedUserAgent agent = new ScriptedUserAgent();
        URI authorization = ScriptedLogin.startAtHost(agent, host, "/secure/dashboard", idp.issuer());
        URI callback = ScriptedLogin.signInAtIdp(agent, authorization, "bob", "bob", callbackUrl(host));
        String state = ScriptedLogin.rawQueryParameter(callback, "state");
        String tamperedState = state.substring(0, state.length() - 1) + (state.endsWith("A") ? "B" : "A");

        HttpResponse<String> response = agent.get(ScriptedLogin.withQueryParameter(callback, "state", tamperedState));

        assertClientErrorWithCode(response, STATE_REJECTED);
        assertNull(scriptedWhoami(agent).user(), "no session after a tampered state");
    }

    @Test
    void callbackWhenStateBelongsToAnotherBrowserThenErrorPageWithCodeAndNoSession() {
        ScriptedUserAgent victim = new ScriptedUserAgent();
        URI victimLogin = ScriptedLogin.startAtHost(victim, host, "/secure/dashboard", idp.issuer());
        ScriptedUserAgent attacker = new ScriptedUserAgent();
        URI attackerLogin = ScriptedLogin.startAtHost(attacker, host, "/secure/dashboard", idp.issuer());
        URI attackerCallback = ScriptedLogin.signInAtIdp(attacker, attackerLogin, "bob", "bob", callbackUrl(host));

        // Login CSRF: the victim's browser (with its own pending login) is made to open the
        // attacker's callback; the state is genuine but bound to the attacker's browser.
        HttpResponse<String> response = victim.get(attackerCallback);

        assertClientErrorWithCode(response, STATE_REJECTED);
        assertNull(scriptedWhoami(victim).user(), "the victim is not logged in as the attacker");
        assertTrue(victimLogin.getQuery().contains("state="), "the victim's own login was started");
    }

    @Test
    void callbackWhenReplayedInFreshBrowserThenErrorPageWithCodeAndNoSession() {
        ScriptedUserAgent original = new ScriptedUserAgent();
        URI authorization = ScriptedLogin.startAtHost(original, host, "/secure/dashboard", idp.issuer());
        URI callback = ScriptedLogin.signInAtIdp(original, authorization, "carol", "carol", callbackUrl(host));
        URI landing = ScriptedUserAgent.location(original.get(callback));
        assertEquals("/secure/dashboard", landing.getPath(), "the first use of the callback logs in");
        assertEquals("carol", scriptedWhoami(original).user());

        ScriptedUserAgent replayer = new ScriptedUserAgent();
        assertClientErrorWithCode(replayer.get(callback), REPLAY_REJECTED);
        assertNull(scriptedWhoami(replayer).user(), "no session for the replaying user agent");

        BrowserSteps browser = freshBrowser();
        browser.open(callback);
        String page = browser.pageText();
        assertTrue(REPLAY_REJECTED.stream().anyMatch(page::contains), browser.describe());
        assertNull(browser.whoami(host).user(), "no session in the replaying browser");
    }

    @Test
    void restWhenNoSessionThen401NotRedirect() {
        HttpResponse<String> response = new ScriptedUserAgent().get(host.url("/rest/api/2/myself"));

        assertEquals(401, response.statusCode(), response.body());
        assertFalse(response.headers().firstValue("Location").isPresent(), "a REST call is never redirected");
    }

    @Test
    void loginWhenKillSwitchSetThenLocalFormLetsAdminIn() {
        try (ReferenceHost killSwitched = ReferenceHost.start("kill-switch", killSwitchBaseUrl, configFile,
                workDir, List.of("-Doidcsso.disabled=true"))) {
            DUMP.watch(killSwitched.process());
            assertLoginPageRedirectsToIdp(host, "control: without the kill switch");
            assertEquals(200, new ScriptedUserAgent().get(killSwitched.url("/login")).statusCode(),
                    "with the kill switch /login is the local page, not a redirect");
            BrowserSteps browser = freshBrowser();
            browser.open(killSwitched.url("/login"));
            assertTrue(ScriptedLogin.sameOrigin(browser.currentUrl(), killSwitched.baseUrl())
                    && browser.hasField("os_username"), "the local login form, not the IdP:\n" + browser.describe());

            browser.signInLocally("admin", "admin");

            assertEquals("admin", browser.whoami(killSwitched).user(), browser.describe());
        }
    }

    @Test
    void loginWhenEmergencyParameterThenLocalFormLetsAdminInWithoutIdp() {
        assertLoginPageRedirectsToIdp(host, "control: without the emergency parameter");
        BrowserSteps browser = freshBrowser();
        browser.open(host.url("/login?oidcsso_local=true"));
        assertTrue(ScriptedLogin.sameOrigin(browser.currentUrl(), host.baseUrl())
                && browser.hasField("os_username"), "the local login form, not the IdP:\n" + browser.describe());

        browser.signInLocally("admin", "admin");

        assertEquals("admin", browser.whoami(host).user(), browser.describe());
    }

    @Test
    void loginWhenIdpUsernameCollidesWithLocalAccountThenAccountExistsNotLinked() {
        BrowserSteps browser = freshBrowser();
        browser.open(host.url("/secure/dashboard"));
        browser.signInAtDevIdp(idp.issuer(), "local", "local");
        browser.awaitLocation(host.baseUrl(), "/");

        assertTrue(browser.awaitText("account_exists_not_linked"), browser.describe());
        assertNull(browser.whoami(host).user(), "the local account `local` was not taken over");
    }

    @Test
    void metricsWhenLoginSucceedsAndOneFailsThenCountersMoveAndAnonymousGets401() {
        assertEquals(401, new ScriptedUserAgent().get(host.url(METRICS_PATH)).statusCode(), "anonymous");
        assertEquals(401, scrapeResponse("not-the-token").statusCode(), "a wrong token");
        Map<String, Double> before = scrape();

        ScriptedUserAgent good = new ScriptedUserAgent();
        URI authorization = ScriptedLogin.startAtHost(good, host, "/secure/dashboard", idp.issuer());
        URI callback = ScriptedLogin.signInAtIdp(good, authorization, "bob", "bob", callbackUrl(host));
        assertEquals("/secure/dashboard", ScriptedUserAgent.location(good.get(callback)).getPath());
        ScriptedUserAgent bad = new ScriptedUserAgent();
        URI badAuthorization = ScriptedLogin.startAtHost(bad, host, "/secure/dashboard", idp.issuer());
        URI badCallback = ScriptedLogin.signInAtIdp(bad, badAuthorization, "bob", "bob", callbackUrl(host));
        String state = ScriptedLogin.rawQueryParameter(badCallback, "state");
        assertClientErrorWithCode(bad.get(ScriptedLogin.withQueryParameter(badCallback, "state",
                state.substring(0, state.length() - 1) + (state.endsWith("A") ? "B" : "A"))), STATE_REJECTED);
        Map<String, Double> after = scrape();

        assertEquals(1.0, delta(before, after, "oidcsso_logins_total{result=\"success\",code=\"ok\"}"), after.toString());
        double failures = STATE_REJECTED.stream().mapToDouble(code -> delta(before, after,
                "oidcsso_logins_total{result=\"failure\",code=\"" + code + "\"}")).sum();
        assertEquals(1.0, failures, after.toString());
        assertEquals(2.0, delta(before, after, "oidcsso_pending_logins_started_total{idp=\"dev\"}"));
        assertEquals(1.0, delta(before, after, "oidcsso_pending_logins_completed_total{idp=\"dev\"}"));
        assertEquals(2.0, delta(before, after,
                "oidcsso_engine_call_duration_seconds_count{idp=\"dev\",call=\"begin_login\",outcome=\"ok\"}"));
        assertEquals(1.0, delta(before, after,
                "oidcsso_engine_call_duration_seconds_count{idp=\"dev\",call=\"complete_login\",outcome=\"ok\"}"));
        assertTrue(delta(before, after,
                "oidcsso_engine_call_duration_seconds_sum{idp=\"dev\",call=\"complete_login\",outcome=\"ok\"}") > 0);
        assertEquals(0.0, after.get("oidcsso_idp_circuit_open{idp=\"dev\"}"), after.toString());
    }

    /** An anonymous browser asking for the plain login page is sent to the IdP. */
    private static void assertLoginPageRedirectsToIdp(ReferenceHost node, String why) {
        URI target = ScriptedUserAgent.location(new ScriptedUserAgent().get(node.url("/login")));
        assertTrue(ScriptedLogin.sameOrigin(target, idp.issuer()), why + ": /login redirects to " + target);
    }

    private static HttpResponse<String> scrapeResponse(String token) {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                    HttpRequest.newBuilder(host.url(METRICS_PATH)).timeout(Duration.ofSeconds(30))
                            .header("Authorization", "OidcSsoMetrics " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError("metrics request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The samples of one scrape, {@code name{labels}} to value (the unit tests check the format strictly). */
    private static Map<String, Double> scrape() {
        HttpResponse<String> response = scrapeResponse(SCRAPE_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                response.headers().firstValue("Content-Type").orElse(""));
        String body = response.body();
        assertTrue(body.endsWith("# EOF\n"), body);
        Map<String, Double> samples = new TreeMap<>();
        for (String line : body.split("\n")) {
            if (!line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }

    private static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Whoami scriptedWhoami(ScriptedUserAgent agent) {
        HttpResponse<String> response = agent.get(host.url("/rest/whoami"));
        assertEquals(200, response.statusCode(), response.body());
        return Whoami.parse(response.body());
    }

    private static void assertClientErrorWithCode(HttpResponse<String> response, Set<String> codes) {
        int status = response.statusCode();
        assertTrue(status >= 400 && status < 500, "expected a 4xx page, got " + status + ": " + response.body());
        assertTrue(codes.stream().anyMatch(response.body()::contains),
                "expected one of " + codes + " in the page: " + response.body());
    }
}
