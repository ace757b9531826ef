package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.admin.AdminApi;
import io.oidcsso.plugin.engine.BeginLoginRequest;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.fakes.DecisionBuilder;
import io.oidcsso.plugin.fakes.FakeAdminGuard;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.FakeSession;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.login.TestLoginStore;
import io.oidcsso.plugin.nativebridge.OidcProviderUnavailableException;
import io.oidcsso.plugin.runtime.HostAdapters;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The administrator's test login ("SSO doctor"): who may start it, and that its callback signs nobody in. */
class TestLoginsTest {
    private static final String CALLBACK = "/plugins/servlet/oidc-sso/callback";
    private static final String REPORT = "{\"idTokenClaims\":{\"sub\":\"bob-sub\",\"email\":\"bob@example.com\"},"
            + "\"userinfoClaims\":null,\"redacted\":[\"nonce\"],\"clock\":[{\"source\":\"idTokenIat\","
            + "\"idpMinusNodeSeconds\":-2,\"precision\":\"whole seconds\"}]}";

    private final TestRuntime test = TestRuntime.configured();
    private final FakeAdminGuard guard = new FakeAdminGuard();
    private final PluginRuntime runtime;
    private final OidcSso sso;
    private final AdminApi api;

    TestLoginsTest() {
        HostAdapters real = test.runtime.adapters();
        HostAdapters adapters = new HostAdapters(real.hostInfo(), real.loginBinder(), real.userDirectory(),
                real.configStore(), real.clusterState(), real.liveSessions(), guard);
        runtime = new PluginRuntime(adapters, test.runtime.engineSlot(), test.saver, test.runtime.audit(),
                test.auditStore, test.clock);
        sso = OidcSso.over(runtime);
        api = new AdminApi(runtime);
        test.engines.engine.issuers("http://127.0.0.2:9400");
    }

    private FakeResponse callApi(String user, String method, String endpoint, String body) throws Exception {
        FakeRequest request = FakeRequest.get(AdminApi.PATH + "/" + endpoint).method(method).remoteUser(user);
        if (body != null) {
            request.json(body).header("X-Atlassian-Token", "no-check");
        }
        FakeResponse response = new FakeResponse();
        api.handle(endpoint, request.request(), response.response());
        return response;
    }

    private static JsonObject json(FakeResponse response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    /** The start URL (with its ticket) the admin page gets for {@code user}. */
    private String startUrl(String user) throws Exception {
        FakeResponse started = callApi(user, "POST", "test-login/start", "{\"idp\":\"dev\"}");
        assertEquals(200, started.status(), started.body());
        return json(started).get("url").getAsString();
    }

    private FakeResponse openStart(String url, String user, FakeSession session) throws Exception {
        String query = url.substring(url.indexOf('?') + 1);
        FakeRequest request = FakeRequest.get(TestLogins.PATH).remoteUser(user);
        for (String pair : query.split("&")) {
            request.param(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        if (session != null) {
            request.session(session);
        }
        TestLoginServlet servlet = new TestLoginServlet(sso);
        servlet.init();
        FakeResponse response = new FakeResponse();
        servlet.service(request.request(), response.response());
        return response;
    }

    private FakeResponse callback(StartedLogin login, FakeSession session, boolean withCookies) throws Exception {
        // withCookies false: a callback in another browser (no pending-login cookie).
        FakeRequest request = FakeRequest.get(CALLBACK).param("state", login.state()).param("code", "the-code")
                .param("iss", "http://127.0.0.2:9400").session(session);
        if (withCookies) {
            login.addCookies(request);
        }
        OidcCallbackServlet servlet = new OidcCallbackServlet(sso);
        servlet.init();
        FakeResponse response = new FakeResponse();
        servlet.service(request.request(), response.response());
        return response;
    }

    private JsonArray results(String user) throws Exception {
        FakeResponse response = callApi(user, "GET", "test-login/result", null);
        assertEquals(200, response.status(), response.body());
        return json(response).getAsJsonArray("results");
    }

    private static FakeSession adminSession() {
        FakeSession session = new FakeSession();
        session.session().setAttribute("seraph_defaultauthenticator_user", "admin-principal");
        return session;
    }

    @Test
    void startWhenTicketOfThisAdminThenTestLoginBegunAtTheIdpAndTicketUsedOnce() throws Exception {
        String url = startUrl("admin");
        assertTrue(url.startsWith(TestLogins.PATH + "?idp=dev&ticket="), url);

        FakeResponse response = openStart(url, "admin", adminSession());

        assertEquals(302, response.status(), response.body());
        StartedLogin.from(response);
        List<BeginLoginRequest> begun = test.engines.engine.beginRequests;
        assertEquals(1, begun.size());
        assertTrue(begun.get(0).testLogin());
        assertFalse(begun.get(0).reauthenticate());
        assertEquals("dev", begun.get(0).idpId());
        assertTrue(test.audit().stream().anyMatch(line -> line.contains("event=admin.test_login")
                && line.contains("by=\"admin\"") && line.contains("idp=\"dev\"") && line.contains("result=\"started\"")),
                String.join("\n", test.audit()));

        FakeResponse again = openStart(url, "admin", adminSession());
        assertEquals(403, again.status(), "a ticket starts one test login");
        assertEquals(1, test.engines.engine.beginRequests.size());
    }

    @Test
    void startWhenNoTicketAnotherAdminsTicketOrAnotherIdpThenRefusedAndNothingBegun() throws Exception {
        FakeResponse none = openStart(TestLogins.PATH + "?idp=dev", "admin", adminSession());
        assertEquals(403, none.status());
        assertTrue(none.body().contains("one-time ticket"), none.body());
        assertEquals(TestLogins.CSP, none.header("Content-Security-Policy"));

        FakeResponse others = openStart(startUrl("other-admin"), "admin", adminSession());
        assertEquals(403, others.status(), "a cross-site page cannot use another admin's ticket");

        String url = startUrl("admin").replace("idp=dev", "idp=idp1");
        assertEquals(403, openStart(url, "admin", adminSession()).status());
        assertTrue(test.engines.engine.beginRequests.isEmpty());
    }

    @Test
    void startWhenNotSystemAdminOrNoWebsudoOrAnonymousThenRefusedAndNoTicket() throws Exception {
        String url = startUrl("admin");
        guard.systemAdmin = false;
        assertEquals(403, openStart(url, "admin", adminSession()).status());
        FakeResponse api403 = callApi("jdoe", "POST", "test-login/start", "{\"idp\":\"dev\"}");
        assertEquals(403, api403.status());
        assertEquals("forbidden", json(api403).get("error").getAsString());
        assertEquals(403, callApi("jdoe", "GET", "test-login/result", null).status(), "nor read results");

        guard.systemAdmin = true;
        guard.webSudo = false;
        assertEquals(401, openStart(url, "admin", adminSession()).status());
        guard.webSudo = true;
        assertEquals(401, openStart(url, null, null).status());
        assertTrue(test.engines.engine.beginRequests.isEmpty());
    }

    @Test
    void startApiWhenUnknownIdpOrNoXsrfHeaderThenRefused() throws Exception {
        FakeResponse unknown = callApi("admin", "POST", "test-login/start", "{\"idp\":\"nope\"}");
        assertEquals(400, unknown.status());
        assertEquals("idp", json(unknown).get("field").getAsString());

        FakeRequest noHeader = FakeRequest.get(AdminApi.PATH + "/test-login/start").method("POST")
                .remoteUser("admin").json("{\"idp\":\"dev\"}");
        FakeResponse response = new FakeResponse();
        api.handle("test-login/start", noHeader.request(), response.response());
        assertEquals(403, response.status());
        assertEquals("xsrf", json(response).get("error").getAsString());
    }

    /** Bob signs in once for real: his account exists, linked, in jira-users. */
    private void bobSignedInOnce() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("bob").groups("jira-users").build());
        FakeResponse start = new FakeResponse();
        OidcLoginFilter filter = new OidcLoginFilter(sso);
        filter.init(null);
        filter.doFilter(FakeRequest.get("/login").request(), start.response(), new io.oidcsso.plugin.fakes.FakeChain());
        assertEquals(302, callback(StartedLogin.from(start), new FakeSession(), true).status());
        assertEquals(Set.of("jira-users"), test.crowd.groupsOf("bob"));
    }

    @Test
    void callbackWhenTestLoginThenNoSessionBoundNoUserOrGroupChangeAndResultOnlyForItsAdmin() throws Exception {
        bobSignedInOnce();
        int writesBefore = test.crowd.writes();
        int bindsBefore = test.listener.successes;
        FakeSession session = adminSession();
        StartedLogin login = StartedLogin.from(openStart(startUrl("admin"), "admin", session));
        test.engines.engine.answer(DecisionBuilder.forUser("bob").groups("engineers").testLogin(REPORT).build());
        long boundBefore = test.audit().stream().filter(line -> line.contains("event=login.bound")).count();

        Map<String, Object> before = new HashMap<>(session.attributes());

        FakeResponse response = callback(login, session, true);

        assertEquals(200, response.status(), response.body());
        assertTrue(response.body().contains("Test login finished"), response.body());
        assertEquals(TestLogins.CSP, response.header("Content-Security-Policy"));
        assertEquals(before, session.attributes(), "the admin's session is untouched");
        assertFalse(session.invalidated());
        assertEquals(bindsBefore, test.listener.successes, "no session bound");
        assertEquals(writesBefore, test.crowd.writes(), "no user or group written");
        assertEquals(Set.of("jira-users"), test.crowd.groupsOf("bob"));
        for (String cookie : response.headers("Set-Cookie")) {
            assertTrue(cookie.startsWith(login.pendingCookieName() + "=") && cookie.contains("Max-Age=0"),
                    "only the pending-login cookie is touched (deleted): " + cookie);
        }
        assertEquals(boundBefore, test.audit().stream().filter(line -> line.contains("event=login.bound")).count());

        JsonArray results = results("admin");
        assertEquals(1, results.size());
        JsonObject result = results.get(0).getAsJsonObject();
        assertEquals("ok", result.get("outcome").getAsString(), result.toString());
        assertEquals("bob", result.get("username").getAsString());
        assertEquals("bob@example.com", result.getAsJsonObject("claims").getAsJsonObject("idTokenClaims")
                .get("email").getAsString());
        assertEquals("idTokenIat", result.getAsJsonObject("claims").getAsJsonArray("clock").get(0).getAsJsonObject()
                .get("source").getAsString());
        JsonArray changes = result.getAsJsonObject("plan").getAsJsonArray("groups");
        assertTrue(changes.toString().contains("\"engineers\""), "the plan names the groups it would change: "
                + result);
        assertEquals("redirect", result.getAsJsonObject("routing").get("decision").getAsString());
        assertEquals("bob@example.com", result.getAsJsonObject("routing").get("loginHint").getAsString());
        assertEquals(0, results("other-admin").size(), "another admin sees none of it");
        assertTrue(test.audit().stream().anyMatch(line -> line.contains("event=admin.test_login")
                && line.contains("result=\"ok\"") && line.contains("user=\"bob\"")), test.audit().toString());
    }

    @Test
    void callbackWhenNewUserTestedThenNotCreatedAndPlanSaysCreate() throws Exception {
        FakeSession session = adminSession();
        StartedLogin login = StartedLogin.from(openStart(startUrl("admin"), "admin", session));
        test.engines.engine.answer(DecisionBuilder.forUser("carol").testLogin(REPORT).build());

        callback(login, session, true);

        assertNull(test.crowd.user("carol"), "the test user is not created");
        JsonObject result = results("admin").get(0).getAsJsonObject();
        assertEquals("create", result.getAsJsonObject("plan").getAsJsonObject("user").get("action").getAsString(),
                result.toString());
    }

    @Test
    void callbackWhenRefusedByConfigOrFailedThenCodeAndHintKeptNewestFirst() throws Exception {
        FakeSession session = adminSession();
        StartedLogin refused = StartedLogin.from(openStart(startUrl("admin"), "admin", session));
        test.engines.engine.answer(DecisionBuilder.forUser("dave").createUsers(false).testLogin(REPORT).build());
        callback(refused, session, true);
        assertNull(test.crowd.user("dave"));

        StartedLogin started = StartedLogin.from(openStart(startUrl("admin"), "admin", session));
        Map<String, String> cookies = new HashMap<>(started.cookies());
        cookies.put(BrowserBinding.COOKIE_NAME, "another-browser");
        FakeResponse failed = callback(new StartedLogin(started.state(), cookies), session, true);

        assertTrue(failed.body().contains("Test login finished"), failed.body());
        JsonArray results = results("admin");
        assertEquals(2, results.size());
        JsonObject latest = results.get(0).getAsJsonObject();
        assertEquals("failed", latest.get("outcome").getAsString());
        assertEquals(ErrorCodes.STATE_NOT_BOUND, latest.getAsJsonObject("failure").get("code").getAsString(),
                latest.toString());
        assertFalse(latest.getAsJsonObject("failure").get("hint").getAsString().isEmpty());
        JsonObject first = results.get(1).getAsJsonObject();
        assertEquals("refused", first.get("outcome").getAsString(), first.toString());
        assertEquals(ErrorCodes.USER_NOT_PROVISIONED, first.getAsJsonObject("failure").get("code").getAsString());
        assertTrue(test.audit().stream().noneMatch(line -> line.contains("event=login.failed")),
                "a test's failure is the admin's, not a user's login failure");

        // Without its pending-login cookie a callback is nobody's test: the ordinary failure page, nothing kept.
        StartedLogin elsewhere = StartedLogin.from(openStart(startUrl("admin"), "admin", session));
        FakeResponse ordinary = callback(elsewhere, session, false);
        assertFalse(ordinary.body().contains("Test login finished"), ordinary.body());
        assertEquals(2, results("admin").size());
    }

    @Test
    void startWhenIdpUnavailableThenFailureKeptAndFinishedPage() throws Exception {
        test.engines.engine.failBeginWith(new OidcProviderUnavailableException("the IdP does not answer",
                ErrorCodes.IDP_UNAVAILABLE, "discovery timed out"));

        FakeResponse response = openStart(startUrl("admin"), "admin", adminSession());

        assertEquals(503, response.status());
        assertTrue(response.body().contains("Test login finished"));
        JsonObject result = results("admin").get(0).getAsJsonObject();
        assertEquals(ErrorCodes.IDP_UNAVAILABLE, result.getAsJsonObject("failure").get("code").getAsString());
        assertEquals("discovery timed out", result.getAsJsonObject("failure").get("hint").getAsString());
    }

    @Test
    void resultsWhenKeptLongerThanTheirLifetimeThenGoneAndAtMostThreeKept() throws Exception {
        FakeSession session = adminSession();
        for (int i = 0; i < TestLoginStore.MAX_RESULTS + 2; i++) {
            StartedLogin login = StartedLogin.from(openStart(startUrl("admin"), "admin", session));
            test.engines.engine.answer(DecisionBuilder.forUser("user" + i).testLogin(REPORT).build());
            callback(login, session, true);
        }
        JsonArray results = results("admin");
        assertEquals(TestLoginStore.MAX_RESULTS, results.size());
        assertEquals("user" + (TestLoginStore.MAX_RESULTS + 1), results.get(0).getAsJsonObject().get("username")
                .getAsString());

        test.clock.advance(TestLoginStore.RESULT_TTL.plusSeconds(1));
        assertEquals(0, results("admin").size());
    }

    @Test
    void ordinaryLoginWhenDecisionHasNoTestMarkThenSignedInAsBefore() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("erin").build());
        FakeResponse start = new FakeResponse();
        OidcLoginFilter filter = new OidcLoginFilter(sso);
        filter.init(null);
        filter.doFilter(FakeRequest.get("/login").request(), start.response(), new io.oidcsso.plugin.fakes.FakeChain());
        StartedLogin login = StartedLogin.from(start);
        FakeSession session = new FakeSession();

        FakeResponse response = callback(login, session, true);

        assertEquals(302, response.status(), response.body());
        assertEquals(1, test.listener.successes);
        assertEquals(0, results("admin").size());
    }
}
