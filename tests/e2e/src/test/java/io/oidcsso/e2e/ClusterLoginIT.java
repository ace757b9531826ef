package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The cluster: two reference-host nodes over ONE shared home ({@code --sessions shared}) behind
 * nginx round robin without stickiness; the canonical base URL is nginx's. A login started on one
 * node must finish on the other, and a callback must be usable once across the whole cluster.
 * Only node-1 gets the configuration file: node-2 runs on what node-1 stored in the shared home.
 */
class ClusterLoginIT {
    private static final String NODE_1 = TwoNodeCluster.NODE_1;
    private static final String NODE_2 = TwoNodeCluster.NODE_2;
    private static final String NODE_HEADER = "X-Reference-Host-Node";
    private static final String REPLAYED = "login_expired_or_replayed";
    private static final int MAX_HOPS = 10;
    /** Revocations.PROPAGATION_BOUND: how long a logout recorded on one node may take to reach another. */
    private static final java.time.Duration REVOCATION_BOUND = java.time.Duration.ofSeconds(2);

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

    /** What {@code /rest/whoami} said, and which node said it. */
    private record NodeWhoami(Whoami who, String node) {}

    /** The IdP's authorization URL, and the node whose redirect sent the user agent there. */
    private record LoginStart(URI authorizationUrl, String node) {}

    @BeforeAll
    static void startCluster() {
        cluster = TwoNodeCluster.start("cluster", DUMP);
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
    void loginWhenCallbackLandsOnOtherNodeThenSucceeds() {
        ScriptedUserAgent agent = new ScriptedUserAgent();
        LoginStart start = startLogin(agent, "/secure/dashboard");
        URI callback = ScriptedLogin.signInAtIdp(agent, start.authorizationUrl(), "alice", "alice", callbackUrl());

        nextRequestGoesAwayFrom(start.node());
        HttpResponse<String> landing = agent.get(callback);

        String callbackNode = nodeOf(landing);
        assertNotEquals(start.node(), callbackNode, "the callback must land on the other node");
        assertEquals(Set.of(NODE_1, NODE_2), Set.of(start.node(), callbackNode));
        URI dashboard = ScriptedUserAgent.location(landing);
        assertTrue(ScriptedLogin.sameOrigin(dashboard, balancer.baseUrl()), "back on the balancer: " + dashboard);
        assertEquals("/secure/dashboard", dashboard.getPath());
        HttpResponse<String> page = agent.get(dashboard);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("alice@example.com"), page.body());

        Set<String> nodesSeen = new LinkedHashSet<>();
        for (int i = 0; i < 4; i++) {
            NodeWhoami me = whoami(agent);
            assertEquals("alice", me.who().user(), "on " + me.node());
            assertEquals("Alice Anderson", me.who().displayName(), "on " + me.node());
            assertEquals(List.of("engineering", "jira-users", PluginConfig.DEFAULT_GROUP), me.who().groups(),
                    "on " + me.node());
            nodesSeen.add(me.node());
        }
        assertEquals(Set.of(NODE_1, NODE_2), nodesSeen, "the session is seen on both nodes\n" + balancer.accessLog());
    }

    @Test
    void callbackWhenReplayedOnOtherNodeThenRejected() {
        ScriptedUserAgent original = new ScriptedUserAgent();
        LoginStart start = startLogin(original, "/secure/dashboard");
        URI callback = ScriptedLogin.signInAtIdp(original, start.authorizationUrl(), "bob", "bob", callbackUrl());
        HttpResponse<String> first = original.get(callback);
        String consumedOn = nodeOf(first);
        assertEquals("/secure/dashboard", ScriptedUserAgent.location(first).getPath(), "the first use logs in");
        assertEquals("bob", whoami(original).who().user());

        ScriptedUserAgent replayer = new ScriptedUserAgent();
        nextRequestGoesAwayFrom(consumedOn);
        HttpResponse<String> replay = replayer.get(callback);
        assertNotEquals(consumedOn, nodeOf(replay), "the replay must land on the other node");
        assertRejectedAsReplay(replay);
        assertNull(whoami(replayer).who().user(), "no session for the replaying user agent");

        HttpResponse<String> logout = original.get(balancer.url("/logout"));
        // RP-initiated logout (LogoutIT): the local session ends, then the IdP's end-session endpoint.
        assertEquals(302, logout.statusCode(), logout.body());
        assertEquals("/session/end", ScriptedUserAgent.location(logout).getPath(), "sent to the IdP's logout");
        assertNull(whoami(original).who().user(), "logged out");
        nextRequestGoesAwayFrom(consumedOn);
        HttpResponse<String> again = original.get(callback);
        assertNotEquals(consumedOn, nodeOf(again), "the second replay must land on the other node");
        assertRejectedAsReplay(again);
        assertNull(whoami(original).who().user(), "no session after replaying one's own callback");
    }

    @Test
    void loginInBrowserThroughLoadBalancerThenWhoamiShowsUser() {
        ChromeDriver driver = browsers.start(workDir);
        BrowserSteps browser = new BrowserSteps(driver);

        browser.open(balancer.url("/secure/dashboard"));
        browser.signInAtDevIdp(idp.issuer(), "carol", "carol");
        browser.awaitLocation(balancer.baseUrl(), "/secure/dashboard");

        for (int i = 0; i < 3; i++) {
            browser.open(balancer.url("/rest/whoami"));
            NodeWhoami me = parseWhoami(browser.pageText());
            assertEquals("carol", me.who().user(), browser.describe());
            assertEquals("Carol Clark", me.who().displayName());
            assertEquals(List.of("design", PluginConfig.DEFAULT_GROUP), me.who().groups());
            assertTrue(Set.of(NODE_1, NODE_2).contains(me.node()), "node " + me.node());
        }
    }

    /**
     * The per-node revocation view (docs/cluster.md, "Logout across nodes"): node 1 has judged the
     * session from its memory, node 2 receives the IdP's back-channel logout; once the stated bound
     * has passed, the session's next request on node 1 finds it ended.
     */
    @Test
    void backchannelLogoutOnNodeTwoWhenSessionLiveOnNodeOneThenEndedThereWithinTheBound() throws Exception {
        ScriptedUserAgent agent = new ScriptedUserAgent();
        LoginStart start = startLogin(agent, "/secure/dashboard");
        URI callback = ScriptedLogin.signInAtIdp(agent, start.authorizationUrl(), "alice", "alice", callbackUrl());
        assertEquals(302, agent.get(callback).statusCode());
        for (int i = 0; i < 3; i++) {
            assertEquals("alice", whoamiOn(node1, agent).who().user(), "node 1 serves the session from its view");
        }

        HttpResponse<String> logout = new ScriptedUserAgent().postForm(node2.url(E2eSettings.BACKCHANNEL_LOGOUT_PATH),
                java.util.Map.of("logout_token", mintLogoutToken("alice-sub")), idp.issuer().toString());
        assertEquals(200, logout.statusCode(), "node 2 records the logout: " + logout.body());
        assertEquals(NODE_2, nodeOf(logout));
        Thread.sleep(REVOCATION_BOUND.toMillis());

        NodeWhoami after = whoamiOn(node1, agent);
        assertNull(after.who().user(), "node 1 ended the session within " + REVOCATION_BOUND + " of node 2's logout");
        assertNull(whoamiOn(node2, agent).who().user());
    }

    /**
     * Issue 11 item 3: a configuration saved through node 1's admin API is active on node 2 within
     * 5 s (docs/cluster.md: each node reads the revision every 2 s): node 2's {@code GET status}
     * shows the new revision, and a login started and finished on node 2 uses the new setting (an
     * extra authorization parameter). The original configuration is saved back at the end.
     */
    @Test
    void configSavedOnNodeOneWhenPolledOnNodeTwoThenActiveThereWithinFiveSecondsAndUsedByALogin()
            throws Exception {
        AdminApiClient admin1 = AdminApiClient.loggedIn(node1::url, "admin", "admin");
        AdminApiClient admin2 = AdminApiClient.loggedIn(node2::url, "admin", "admin");
        com.google.gson.JsonObject before = AdminApiClient.ok(admin1.get("config"));
        long revision = before.get("revision").getAsLong();
        com.google.gson.JsonObject config = before.getAsJsonObject("config");
        com.google.gson.JsonObject changed = config.deepCopy();
        com.google.gson.JsonObject parameters = new com.google.gson.JsonObject();
        parameters.addProperty("cluster_probe", "saved-on-node-1");
        changed.getAsJsonArray("idps").get(0).getAsJsonObject().add("authorizationParameters", parameters);
        try {
            long saved = AdminApiClient.ok(admin1.send("PUT", "config", putBody(revision, changed)))
                    .get("revision").getAsLong();
            java.time.Duration seen = awaitRevision(admin2, saved);
            System.out.println("ClusterLoginIT: revision " + saved + " saved on node 1 was active on node 2 after "
                    + seen.toMillis() + " ms");
            assertTrue(seen.compareTo(java.time.Duration.ofSeconds(5)) <= 0, "active on node 2 after " + seen);

            ScriptedUserAgent agent = new ScriptedUserAgent();
            HttpResponse<String> begun = agent.get(node2.url(E2eSettings.LOGIN_PATH));
            assertEquals(NODE_2, nodeOf(begun));
            URI authorization = ScriptedUserAgent.location(begun);
            assertEquals("saved-on-node-1", ScriptedLogin.rawQueryParameter(authorization, "cluster_probe"),
                    "node 2 starts the login with the setting saved on node 1: " + authorization);
            URI callback = ScriptedLogin.signInAtIdp(agent, authorization, "alice", "alice", callbackUrl());
            nextRequestGoesAwayFrom(NODE_1);
            HttpResponse<String> landing = agent.get(callback);
            assertEquals(NODE_2, nodeOf(landing));
            assertEquals(302, landing.statusCode(), landing.body());
            assertEquals("alice", whoami(agent).who().user());
        } finally {
            long current = AdminApiClient.ok(admin1.get("config")).get("revision").getAsLong();
            long restored = AdminApiClient.ok(admin1.send("PUT", "config", putBody(current, config)))
                    .get("revision").getAsLong();
            awaitRevision(admin2, restored);
        }
    }

    private static String putBody(long revision, com.google.gson.JsonObject config) {
        com.google.gson.JsonObject body = new com.google.gson.JsonObject();
        body.addProperty("revision", revision);
        body.add("config", config);
        return body.toString();
    }

    /** How long until the node's {@code GET status} shows {@code revision}; fails after 10 s (a hang guard). */
    private static java.time.Duration awaitRevision(AdminApiClient admin, long revision) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < java.time.Duration.ofSeconds(10).toNanos()) {
            if (AdminApiClient.ok(admin.get("status")).get("revision").getAsLong() >= revision) {
                return java.time.Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("revision " + revision + " never became active on the node");
    }

    private static NodeWhoami whoamiOn(ReferenceHost node, ScriptedUserAgent agent) {
        HttpResponse<String> response = agent.get(node.url("/rest/whoami"));
        assertEquals(200, response.statusCode(), response.body());
        return parseWhoami(response.body());
    }

    /** The OP's own back-channel logout token for {@code sub} (dev IdP test hook); not sent anywhere. */
    private static String mintLogoutToken(String sub) {
        HttpResponse<String> response = new ScriptedUserAgent()
                .get(URI.create(idp.issuer() + "/__test/logout-token?sub=" + sub + "&sid=cluster-test"));
        assertEquals(200, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject().get("logout_token").getAsString();
    }

    private static URI callbackUrl() {
        return balancer.url(E2eSettings.CALLBACK_PATH);
    }

    /**
     * Opens {@code destination} through the balancer and follows redirects until one points at
     * the IdP; every redirect before stays on the canonical URL, and the IdP is asked to send the
     * user back to the balancer's callback.
     */
    private static LoginStart startLogin(ScriptedUserAgent agent, String destination) {
        URI next = balancer.url(destination);
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            HttpResponse<String> response = agent.get(next);
            URI target = ScriptedUserAgent.location(response);
            if (ScriptedLogin.sameOrigin(target, idp.issuer())) {
                String redirectUri = ScriptedLogin.rawQueryParameter(target, "redirect_uri");
                assertEquals(URLEncoder.encode(callbackUrl().toString(), StandardCharsets.UTF_8), redirectUri,
                        "the redirect URI comes from the canonical base URL");
                return new LoginStart(target, nodeOf(response));
            }
            assertTrue(ScriptedLogin.sameOrigin(target, balancer.baseUrl()),
                    "a node redirected past the load balancer to " + target);
            next = target;
        }
        throw new AssertionError("the cluster never redirected " + destination + " to the IdP " + idp.issuer());
    }

    /**
     * Round robin over two nodes alternates: once a request was answered by {@code node}, the
     * next one goes to the other node. Throwaway requests (no cookies) until that is so.
     */
    private static void nextRequestGoesAwayFrom(String node) {
        ScriptedUserAgent throwaway = new ScriptedUserAgent();
        for (int i = 0; i < 4; i++) {
            if (node.equals(nodeOf(throwaway.get(balancer.url("/rest/whoami"))))) {
                return;
            }
        }
        throw new AssertionError("four requests in a row never reached " + node + ":\n" + balancer.accessLog());
    }

    private static NodeWhoami whoami(ScriptedUserAgent agent) {
        HttpResponse<String> response = agent.get(balancer.url("/rest/whoami"));
        assertEquals(200, response.statusCode(), response.body());
        NodeWhoami me = parseWhoami(response.body());
        assertEquals(nodeOf(response), me.node(), "the header and the body name the same node");
        return me;
    }

    private static NodeWhoami parseWhoami(String json) {
        Whoami who = Whoami.parse(json);
        JsonElement node = JsonParser.parseString(json).getAsJsonObject().get("node");
        if (node == null || !node.isJsonPrimitive()) {
            throw new AssertionError("/rest/whoami names no node: " + json);
        }
        return new NodeWhoami(who, node.getAsString());
    }

    private static String nodeOf(HttpResponse<String> response) {
        return response.headers().firstValue(NODE_HEADER).orElseThrow(() -> new AssertionError(
                "no " + NODE_HEADER + " header on " + response.uri() + " (" + response.statusCode() + ")"));
    }

    /** 401 (an authentication failure) with the code on the page, and no redirect into the product. */
    private static void assertRejectedAsReplay(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.body().contains(REPLAYED), "expected " + REPLAYED + " in the page: " + response.body());
        assertTrue(response.headers().firstValue("Location").isEmpty(), "a rejected callback is not a redirect");
    }
}
