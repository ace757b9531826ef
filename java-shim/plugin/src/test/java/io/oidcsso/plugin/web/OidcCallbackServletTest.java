package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.DecisionBuilder;
import io.oidcsso.plugin.fakes.FakeChain;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.FakeSession;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OidcCallbackServletTest {
    private static final String CALLBACK = "/plugins/servlet/oidc-sso/callback";

    private final TestRuntime test = TestRuntime.configured();

    @AfterEach
    void clearKillSwitch() {
        System.clearProperty(PluginRuntime.KILL_SWITCH_PROPERTY);
    }

    /** Runs the login filter on the login page; returns {state, binding}. */
    private String[] startLogin() throws Exception {
        OidcLoginFilter filter = new OidcLoginFilter(OidcSso.over(test.runtime));
        filter.init(null);
        FakeResponse response = new FakeResponse();
        filter.doFilter(FakeRequest.get("/login").request(), response.response(), new FakeChain());
        String location = response.redirect();
        String cookie = response.header("Set-Cookie");
        return new String[] {location.substring(location.indexOf("state=") + 6),
                cookie.substring("OIDCSSO_BIND=".length(), cookie.indexOf(';'))};
    }

    private FakeResponse callback(FakeRequest request) throws Exception {
        OidcCallbackServlet servlet = new OidcCallbackServlet(OidcSso.over(test.runtime));
        servlet.init();
        FakeResponse response = new FakeResponse();
        servlet.service(request.request(), response.response());
        return response;
    }

    private static FakeRequest callbackRequest(String state, String binding) {
        FakeRequest request = FakeRequest.get(CALLBACK).param("state", state).param("code", "the-code")
                .param("iss", "http://127.0.0.2:9400");
        return binding == null ? request : request.cookie("OIDCSSO_BIND", binding);
    }

    @Test
    void callbackWhenValidThenUserCreatedSessionBoundAndRedirectedToReturnTo() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").groups("jira-users").json());
        String[] login = startLogin();
        FakeRequest request = callbackRequest(login[0], login[1]);

        FakeResponse response = callback(request);

        assertEquals(302, response.status());
        assertEquals("/secure/Dashboard.jspa", response.redirect());
        assertEquals("alice", boundUser(request));
        assertEquals(Set.of("jira-users"), test.crowd.groupsOf("alice"));
        assertTrue(test.audit().stream().anyMatch(line -> line.contains("event=login.bound")));
    }

    @Test
    void callbackWhenStateReplayedThenRejectedAndNoSessionBound() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").json());
        String[] login = startLogin();
        callback(callbackRequest(login[0], login[1]));

        FakeRequest replay = callbackRequest(login[0], login[1]);
        FakeResponse response = callback(replay);

        assertEquals(401, response.status());
        assertTrue(response.body().contains("state_not_found"));
        assertNull(replay.fakeSession());
    }

    @Test
    void callbackWhenReplayedByAlreadyLoggedInBrowserThenRedirectedHome() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").json());
        String[] login = startLogin();
        FakeRequest first = callbackRequest(login[0], login[1]);
        callback(first);

        FakeResponse response = callback(callbackRequest(login[0], login[1]).session(first.fakeSession()));

        assertEquals(302, response.status());
        assertEquals("/", response.redirect());
    }

    @Test
    void callbackWhenBindingCookieFromAnotherBrowserThenRejectedAndNothingCreated() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").json());
        String[] login = startLogin();
        FakeRequest request = callbackRequest(login[0], BrowserBinding.newValue());

        FakeResponse response = callback(request);

        assertEquals(401, response.status());
        assertTrue(response.body().contains("browser_binding_mismatch"));
        assertNull(request.fakeSession());
        assertNull(test.crowd.user("alice"));
    }

    @Test
    void callbackWhenBindingCookieMissingThenRejected() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").json());
        String[] login = startLogin();
        assertEquals(401, callback(callbackRequest(login[0], null)).status());
    }

    @Test
    void callbackWhenLocalAccountExistsUnlinkedThenForbiddenAndNothingBound() throws Exception {
        test.crowd.addLocalUser("bob", true);
        test.engines.engine.answer(DecisionBuilder.forUser("bob").json());
        String[] login = startLogin();
        FakeRequest request = callbackRequest(login[0], login[1]);

        FakeResponse response = callback(request);

        assertEquals(403, response.status());
        assertTrue(response.body().contains("account_exists_not_linked"));
        assertNull(request.fakeSession());
    }

    @Test
    void callbackWhenLocalAccountExistsAndIdpLinksAccountsThenLoggedInAsIt() throws Exception {
        test.crowd.addLocalUser("bob", true);
        test.engines.engine.answer(DecisionBuilder.forUser("bob").email("bob@local").linkExistingAccounts(true).json());
        String[] login = startLogin();
        FakeRequest request = callbackRequest(login[0], login[1]);

        assertEquals(302, callback(request).status());
        assertEquals("bob", boundUser(request));
    }

    @Test
    void callbackWhenLinkingAndEmailDiffersThenForbiddenAndNotLinked() throws Exception {
        test.crowd.addLocalUser("bob", true);
        test.engines.engine.answer(DecisionBuilder.forUser("bob").email("attacker@example.com")
                .linkExistingAccounts(true).json());
        String[] login = startLogin();
        FakeRequest request = callbackRequest(login[0], login[1]);

        FakeResponse response = callback(request);

        assertEquals(403, response.status());
        assertTrue(response.body().contains("link_requires_verified_email"), response.body());
        assertNull(request.fakeSession());
    }

    @Test
    void callbackWhenUserDeactivatedThenForbidden() throws Exception {
        test.crowd.addLocalUser("carol", false);
        test.engines.engine.answer(DecisionBuilder.forUser("carol").email("carol@local").linkExistingAccounts(true).json());
        String[] login = startLogin();
        FakeRequest request = callbackRequest(login[0], login[1]);
        FakeResponse response = callback(request);
        assertEquals(403, response.status());
        assertTrue(response.body().contains("user_inactive"));
    }

    @Test
    void callbackWhenReturnToOffSiteThenRedirectedHome() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").returnTo("//evil.example/x").json());
        String[] login = startLogin();
        assertEquals("/", callback(callbackRequest(login[0], login[1])).redirect());
    }

    @Test
    void callbackWhenContextPathThenRedirectStaysUnderIt() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").returnTo("/browse/X-1").json());
        String[] login = startLogin();
        FakeResponse response = callback(callbackRequest(login[0], login[1]).contextPath("/jira"));
        assertEquals("/jira/browse/X-1", response.redirect());
    }

    @Test
    void callbackWhenFailedThenReferenceOnPageIsAlsoInLog() throws Exception {
        FakeResponse response = callback(callbackRequest("never-issued", BrowserBinding.newValue()));
        String body = response.body();
        String reference = body.substring(body.indexOf("Reference: <code>") + 17, body.indexOf("</code></p>"));
        assertEquals(10, reference.length());
        assertTrue(test.audit().stream().anyMatch(line -> line.contains("event=login.failed") && line.contains(reference)));
    }

    @Test
    void callbackWhenKillSwitchSetThenUnavailableAndPendingKept() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").json());
        String[] login = startLogin();
        System.setProperty(PluginRuntime.KILL_SWITCH_PROPERTY, "true");
        FakeResponse response = callback(callbackRequest(login[0], login[1]));
        assertEquals(503, response.status());
        assertTrue(response.body().contains("sso_disabled"));
        assertFalse(test.clusterState.take("pending:" + login[0]).isEmpty());
    }

    @Test
    void callbackWhenSessionExistedBeforeLoginThenSessionIdRotated() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").json());
        String[] login = startLogin();
        FakeSession session = new FakeSession();
        String before = session.id();
        FakeRequest request = callbackRequest(login[0], login[1]).session(session);
        callback(request);
        assertFalse(before.equals(request.fakeSession().id()));
    }

    /** The principal name the (fake Seraph) SAL listener put into the session. */
    private static String boundUser(FakeRequest request) {
        Object principal = request.fakeSession().attributes().get("seraph_defaultauthenticator_user");
        return principal == null ? null : ((java.security.Principal) principal).getName();
    }
}
