package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The audit log across a cluster (issue #11 item 6): two reference-host nodes over one shared home
 * behind nginx, as in {@link ClusterLoginIT}. A user signs in through the balancer and an
 * administrator saves the configuration once on each node; both nodes' logs hold the JSON lines,
 * and the cluster's ring answers the same events, from both nodes, on either node. In Chromium the
 * administrator opens the "Audit log" page, filters, sees both nodes' saves and downloads them as
 * JSON lines; a bad filter names the parameter; a non-administrator gets 403 from the API.
 */
class AuditLogIT {
    private static final String NODE_1 = TwoNodeCluster.NODE_1;
    private static final String NODE_2 = TwoNodeCluster.NODE_2;
    private static final String ENTRY = "/plugins/servlet/oidc-sso/admin";
    private static final int MAX_HOPS = 10;
    /** A node appends its events to the ring once a second; generous for a loaded machine. */
    private static final long RING_WAIT_MILLIS = 15_000;

    @RegisterExtension
    static final DumpOutputOnFailure DUMP = new DumpOutputOnFailure();

    private static TwoNodeCluster cluster;
    private static Path workDir;
    private static DevIdp idp;
    private static ReferenceHost node1;
    private static ReferenceHost node2;
    private static Nginx balancer;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void startCluster() {
        cluster = TwoNodeCluster.start("audit", DUMP);
        workDir = cluster.workDir();
        idp = cluster.idp();
        node1 = cluster.node1();
        node2 = cluster.node2();
        balancer = cluster.balancer();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void auditWhenALoginAndASaveOnEachNodeThenBothNodesEventsEverywhereAndTheAdminFiltersAndDownloadsThem() {
        AdminApiClient admin1 = AdminApiClient.loggedIn(node1::url, "admin", "admin");
        AdminApiClient admin2 = AdminApiClient.loggedIn(node2::url, "admin", "admin");
        // Debug on through node-1; node-2 reads the shared switch within about 2 seconds.
        JsonObject debugOn = AdminApiClient.ok(admin1.send("POST", "audit/debug", "{\"idp\":\"dev\",\"minutes\":5}"));
        assertEquals("dev", debugOn.getAsJsonArray("debug").get(0).getAsJsonObject().get("idp").getAsString());
        sleep(2_500);
        assertEquals(1, AdminApiClient.ok(admin2.get("audit/debug")).getAsJsonArray("debug").size());
        assertEquals(302, ssoLogin("alice").statusCode(), "the SSO login through the balancer");
        assertDebugLinesRedacted();
        AdminApiClient.ok(admin2.send("POST", "audit/debug", "{\"idp\":\"dev\",\"minutes\":0}"));
        assertEquals(1, awaitLogged(List.of(node1), "debug.enabled", "by", "admin", "idp", "dev"));
        assertEquals(1, awaitLogged(List.of(node2), "debug.disabled", "by", "admin", "idp", "dev"));
        rename(admin1, "Dev IdP (saved on node-1)");
        rename(admin2, "Dev IdP (saved on node-2)");

        // The test reads each node's output on a thread of its own: a line may arrive a moment later.
        assertEquals(1, awaitLogged(List.of(node1), "config.saved", "node", NODE_1, "by", "admin"));
        assertEquals(1, awaitLogged(List.of(node2), "config.saved", "node", NODE_2, "by", "admin"));
        assertEquals(1, awaitLogged(List.of(node1, node2), "login.bound", "user", "alice"), "the login in one log");

        JsonObject saves = awaitRing(admin2, "audit?event=config.saved", 2);
        assertEquals(Set.of(NODE_1, NODE_2), fieldValues(saves, "node"), saves.toString());
        assertEquals(saves, AdminApiClient.ok(admin1.get("audit?event=config.saved")), "both nodes read one ring");
        JsonObject alice = AdminApiClient.ok(admin1.get("audit?user=ALICE&event=login."));
        assertTrue(fieldValues(alice, "event").contains("login.bound"), alice.toString());
        assertEquals(Set.of("alice"), fieldValues(alice, "user"));
        HttpResponse<String> bad = admin1.get("audit?since=yesterday");
        assertEquals("invalid_parameter", AdminApiClient.error(bad, 400));
        assertEquals("since", JsonParser.parseString(bad.body()).getAsJsonObject().get("parameter").getAsString());

        AdminApiClient local = AdminApiClient.loggedIn(node1::url, "local", "local");
        assertEquals("forbidden", AdminApiClient.error(local.get("audit"), 403));
        assertEquals("forbidden", AdminApiClient.error(local.get("audit/download"), 403));

        inChromium();
    }

    private void inChromium() {
        ChromeDriver driver = browsers.start(workDir);
        driver.manage().window().setSize(new Dimension(1280, 900));
        BrowserSteps browser = new BrowserSteps(driver);
        browser.open(balancer.url(E2eSettings.LOCAL_LOGIN_PATH));
        browser.signInLocally("admin", "admin");
        browser.awaitLocation(balancer.baseUrl(), "/secure/dashboard");
        browser.open(balancer.url(ENTRY + "#audit"));
        assertTrue(browser.awaitText("Recent events (all nodes)"), browser.describe());
        assertTrue(browser.awaitText("config.saved"), browser.describe());

        driver.findElement(By.id("audit-filter-event")).sendKeys("config.saved");
        browser.click("audit-apply");
        String rows = "Array.from(document.querySelectorAll('#audit-table tr.audit-row')).map(r => r.dataset.event)"
                + ".join(',')";
        assertTrue(awaitScript(browser, rows, "config.saved,config.saved"), browser.describe());
        String table = browser.text("audit-table");
        assertTrue(table.contains(NODE_1) && table.contains(NODE_2), table);
        assertTrue(table.contains("pointers=changed /idps/0/displayName"), table);
        browser.screenshot("admin-audit");

        String href = String.valueOf(browser.script("document.getElementById('audit-download').href"));
        assertTrue(href.endsWith("/audit/download?event=config.saved"), href);
        Map<String, Object> download = fetch(driver, href);
        assertEquals(200L, download.get("status"), download.toString());
        assertTrue(String.valueOf(download.get("disposition")).startsWith("attachment; filename=\"oidc-sso-audit-"),
                download.toString());
        List<String> lines = String.valueOf(download.get("body")).lines().toList();
        assertEquals(2, lines.size(), download.toString());
        for (String line : lines) {
            assertEquals("config.saved", JsonParser.parseString(line).getAsJsonObject().get("event").getAsString());
        }

        driver.findElement(By.id("audit-filter-since")).sendKeys("yesterday");
        browser.click("audit-apply");
        assertTrue(browser.awaitText("parameter since"), browser.describe());
        assertEquals("true", driver.findElement(By.id("audit-filter-since")).getDomAttribute("aria-invalid"));

        assertTrue(browser.awaitText("No IdP has debug logging on."), browser.describe());
        driver.findElement(By.id("debug-idp")).sendKeys("dev");
        browser.click("debug-apply");
        assertTrue(browser.awaitText("dev: debug on until"), browser.describe());
        driver.findElement(By.id("debug-idp")).clear();
        driver.findElement(By.id("debug-idp")).sendKeys("nope");
        browser.click("debug-apply");
        assertTrue(browser.awaitText("Not changed: idp must be the id of a configured IdP"), browser.describe());
        driver.findElement(By.id("debug-idp")).clear();
        driver.findElement(By.id("debug-idp")).sendKeys("dev");
        driver.findElement(By.id("debug-minutes")).clear();
        driver.findElement(By.id("debug-minutes")).sendKeys("0");
        browser.click("debug-apply");
        assertTrue(browser.awaitText("No IdP has debug logging on."), browser.describe());
    }

    /** An SSO login through the balancer with the dev IdP; the callback's answer. */
    private static HttpResponse<String> ssoLogin(String user) {
        ScriptedUserAgent agent = new ScriptedUserAgent();
        URI next = balancer.url("/secure/dashboard");
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            URI target = ScriptedUserAgent.location(agent.get(next));
            if (ScriptedLogin.sameOrigin(target, idp.issuer())) {
                URI callback = ScriptedLogin.signInAtIdp(agent, target, user, user,
                        balancer.url(E2eSettings.CALLBACK_PATH));
                return agent.get(callback);
            }
            next = target;
        }
        throw new AssertionError("the cluster never redirected to the IdP");
    }

    /** How many audit lines of {@code event} with these fields the nodes' logs hold, once there is one (10 s at most). */
    private static long awaitLogged(List<ReferenceHost> nodes, String event, String... keysAndValues) {
        return awaitCount(nodes, logs -> AuditLines.count(logs, event, keysAndValues));
    }

    /** The same for the {@code debug.*} lines (logger {@code io.oidcsso.debug}). */
    private static long awaitDebugLogged(List<ReferenceHost> nodes, String event, String... keysAndValues) {
        return awaitCount(nodes, logs -> AuditLines.matchingDebug(logs, event, keysAndValues).size());
    }

    private static long awaitCount(List<ReferenceHost> nodes, java.util.function.ToLongFunction<List<String>> counter) {
        long giveUpAt = System.currentTimeMillis() + 10_000;
        while (true) {
            List<String> logs = new java.util.ArrayList<>();
            nodes.forEach(node -> logs.addAll(node.process().lines()));
            long count = counter.applyAsLong(logs);
            if (count > 0 || System.currentTimeMillis() > giveUpAt) {
                return count;
            }
            sleep(100);
        }
    }

    /**
     * The login's {@code debug.*} lines: start, callback, decision, provisioned account, in the log of
     * whichever node served each step, with the state, nonce, PKCE challenge and code redacted and
     * no token (no JWT) anywhere; the decision with the real ID token's {@code iat}, {@code exp} and audience count.
     */
    private static void assertDebugLinesRedacted() {
        for (String event : List.of("debug.login_start", "debug.callback", "debug.decision", "debug.provisioned")) {
            assertEquals(1, awaitDebugLogged(List.of(node1, node2), event, "idp", "dev"), event);
        }
        List<String> logs = new java.util.ArrayList<>();
        logs.addAll(node1.process().lines());
        logs.addAll(node2.process().lines());
        // Debug lines have the audit lines' shape but are not audit events; debug.enabled (logger
        // io.oidcsso.audit) is one.
        List<String> auditEvents = AuditLines.events(logs).stream().map(e -> e.get("event").getAsString()).toList();
        assertTrue(auditEvents.contains("login.bound") && auditEvents.contains("debug.enabled"), auditEvents.toString());
        for (String event : List.of("debug.login_start", "debug.callback", "debug.decision", "debug.provisioned")) {
            assertTrue(!auditEvents.contains(event), event + " among the audit events: " + auditEvents);
        }
        JsonObject start = AuditLines.matchingDebug(logs, "debug.login_start", "idp", "dev").get(0);
        for (String hidden : List.of("q.state", "q.nonce", "q.code_challenge")) {
            assertEquals("[redacted]", start.get(hidden).getAsString(), start.toString());
        }
        assertEquals("S256", start.get("q.code_challenge_method").getAsString(), start.toString());
        JsonObject callback = AuditLines.matchingDebug(logs, "debug.callback", "idp", "dev").get(0);
        assertEquals("[redacted]", callback.get("code").getAsString(), callback.toString());
        assertEquals("[redacted]", callback.get("state").getAsString(), callback.toString());
        // The ID token's times, from the core's tokenSummary: the real token's, near this machine's clock.
        JsonObject decision = AuditLines.matchingDebug(logs, "debug.decision", "idp", "dev").get(0);
        long iat = Long.parseLong(decision.get("iat").getAsString());
        long exp = Long.parseLong(decision.get("exp").getAsString());
        long now = System.currentTimeMillis() / 1000;
        assertTrue(Math.abs(now - iat) < 600 && exp > iat, decision.toString());
        assertEquals("1", decision.get("aud_count").getAsString(), decision.toString());
        for (String line : logs) {
            if (line.contains("\"event\":\"debug.")) {
                assertTrue(!line.contains("eyJ"), "a JWT in a debug line: " + line);
                assertTrue(!line.contains("alice@"), "an unmasked email in a debug line: " + line);
            }
        }
    }

    /** Changes the first IdP's display name through {@code admin}'s node. */
    private static void rename(AdminApiClient admin, String displayName) {
        JsonObject stored = AdminApiClient.ok(admin.get("config"));
        JsonObject config = stored.getAsJsonObject("config");
        config.getAsJsonArray("idps").get(0).getAsJsonObject().addProperty("displayName", displayName);
        JsonObject body = new JsonObject();
        body.addProperty("revision", stored.get("revision").getAsLong());
        body.add("config", config);
        AdminApiClient.ok(admin.send("PUT", "config", body.toString()));
    }

    /** {@code GET endpoint} until it answers at least {@code count} events (the nodes flush once a second). */
    private static JsonObject awaitRing(AdminApiClient admin, String endpoint, int count) {
        long giveUpAt = System.currentTimeMillis() + RING_WAIT_MILLIS;
        while (true) {
            JsonObject answer = AdminApiClient.ok(admin.get(endpoint));
            if (answer.getAsJsonArray("events").size() >= count || System.currentTimeMillis() > giveUpAt) {
                return answer;
            }
            sleep(200);
        }
    }

    private static Set<String> fieldValues(JsonObject answer, String field) {
        Set<String> values = new TreeSet<>();
        for (JsonElement event : answer.getAsJsonArray("events")) {
            JsonElement value = event.getAsJsonObject().get(field);
            values.add(value == null ? "(none)" : value.getAsString());
        }
        return values;
    }

    private static boolean awaitScript(BrowserSteps browser, String expression, String expected) {
        long giveUpAt = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < giveUpAt) {
            if (expected.equals(String.valueOf(browser.script(expression)))) {
                return true;
            }
            sleep(100);
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fetch(ChromeDriver driver, String url) {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'})"
                        + ".then(r => r.text().then(t => done({status: r.status, body: t,"
                        + " disposition: r.headers.get('content-disposition')})))"
                        + ".catch(e => done({status: -1, body: String(e)}));", url);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
