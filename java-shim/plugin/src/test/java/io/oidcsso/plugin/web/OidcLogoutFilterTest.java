package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.EndSessionRequest;
import io.oidcsso.plugin.engine.EndSessionResponse;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.fakes.CountingClusterState;
import io.oidcsso.plugin.fakes.DecisionBuilder;
import io.oidcsso.plugin.fakes.FakeChain;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.FakeSal;
import io.oidcsso.plugin.fakes.FakeSession;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.logout.OidcSession;
import io.oidcsso.plugin.nativebridge.OidcProviderUnavailableException;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OidcLogoutFilterTest {
    private static final String ISSUER = BackchannelLogoutServletTest.ISSUER;
    /** Seraph's session key the host's SAL AuthenticationListener fills (with the principal). */
    private static final String USER_KEY = "seraph_defaultauthenticator_user";

    private final TestRuntime node1 = TestRuntime.configured();

    @AfterEach
    void clearKillSwitch() {
        System.clearProperty(PluginRuntime.KILL_SWITCH_PROPERTY);
    }

    /** A browser session bound on {@code test}'s node by an OIDC login of alice (sid-1), through the callback. */
    private FakeSession loggedIn(TestRuntime test) throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").sid("sid-1").idTokenHint("id.token.alice").build());
        OidcLoginFilter login = new OidcLoginFilter(OidcSso.over(test.runtime));
        login.init(null);
        FakeResponse started = new FakeResponse();
        login.doFilter(FakeRequest.get("/login").request(), started.response(), new FakeChain());
        StartedLogin begun = StartedLogin.from(started);
        FakeRequest callback = begun.addCookies(FakeRequest.get("/plugins/servlet/oidc-sso/callback")
                .param("state", begun.state()).param("code", "c"));
        OidcCallbackServlet servlet = new OidcCallbackServlet(OidcSso.over(test.runtime));
        servlet.init();
        servlet.service(callback.request(), new FakeResponse().response());
        return callback.fakeSession();
    }

    private static FakeResponse filter(TestRuntime test, FakeRequest request, FakeChain chain) throws Exception {
        OidcLogoutFilter filter = new OidcLogoutFilter(OidcSso.over(test.runtime));
        filter.init(null);
        FakeResponse response = new FakeResponse();
        filter.doFilter(request.request(), response.response(), chain);
        return response;
    }

    private void backchannel(TestRuntime test, String sub, String sid) throws Exception {
        test.engines.engine.answerLogout(BackchannelLogoutServletTest.answer(sub, sid, "j-" + sub + sid), null);
        BackchannelLogoutServlet servlet = new BackchannelLogoutServlet(OidcSso.over(test.runtime));
        servlet.init();
        FakeResponse response = new FakeResponse();
        servlet.service(FakeRequest.get("/plugins/servlet/oidc-sso/backchannel-logout").method("POST")
                .param("logout_token", "t").request(), response.response());
        assertEquals(200, response.status(), response.body());
    }

    @Test
    void callbackWhenLoginBoundThenOidcSessionStoredServerSideWithSidAndHint() throws Exception {
        FakeSession session = loggedIn(node1);

        Optional<OidcSession> stored = OidcSession.read(session.session());

        assertTrue(stored.isPresent());
        assertEquals(ISSUER, stored.get().issuer());
        assertEquals("alice-sub", stored.get().subject());
        assertEquals("sid-1", stored.get().sid());
        assertEquals("id.token.alice", OidcSession.idTokenHint(session.session()));
        assertEquals(node1.clock.millis(), stored.get().boundAtMillis());
        assertFalse(stored.get().toString().contains("id.token.alice"), "the ID token never reaches a log line");
    }

    @Test
    void requestWhenIdpLoggedOutBySidThenSessionEndedAndRequestAnonymous() throws Exception {
        FakeSession session = loggedIn(node1);
        node1.clock.advance(Duration.ofSeconds(1));
        backchannel(node1, null, "sid-1");
        FakeChain chain = new FakeChain();

        filter(node1, FakeRequest.get("/secure/dashboard").session(session), chain);

        assertTrue(chain.passed());
        assertNull(session.attributes().get(USER_KEY));
        assertTrue(OidcSession.read(session.session()).isEmpty());
        assertTrue(node1.audit().stream().anyMatch(l -> l.contains("event=logout.session_ended")));
    }

    @Test
    void requestWhenLogoutReceivedByAnotherNodeThenSessionEndedHereToo() throws Exception {
        ClusterState shared = node1.clusterState;
        TestRuntime node2 = new TestRuntime("http://localhost:8080", state -> shared);
        node2.configStore.save(TestRuntime.CONFIG, 0);
        FakeSession session = loggedIn(node1);
        node2.clock.advance(Duration.ofSeconds(1));
        backchannel(node2, "alice-sub", null);

        filter(node1, FakeRequest.get("/secure/dashboard").session(session), new FakeChain());

        assertNull(session.attributes().get(USER_KEY), "node 2's logout reached node 1's session");
    }

    @Test
    void requestWhenRevocationPredatesLoginThenSessionKept() throws Exception {
        backchannel(node1, "alice-sub", "sid-1");
        node1.clock.advance(Duration.ofSeconds(1));
        FakeSession session = loggedIn(node1);

        filter(node1, FakeRequest.get("/secure/dashboard").session(session), new FakeChain());

        assertEquals("alice", name(session.attributes().get(USER_KEY)));
    }

    @Test
    void requestWhenSessionHasNoOidcLoginThenClusterStateNeverRead() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        TestRuntime counting = new TestRuntime("http://localhost:8080", state -> CountingClusterState.readsOnly(state, reads));
        counting.configStore.save(TestRuntime.CONFIG, 0);
        FakeSession session = new FakeSession();
        session.session().setAttribute(USER_KEY, new io.oidcsso.plugin.fakes.FakeSal.NamedPrincipal("admin"));

        filter(counting, FakeRequest.get("/secure/dashboard").session(session), new FakeChain());

        assertEquals(0, reads.get());
        assertEquals("admin", name(session.attributes().get(USER_KEY)));
    }

    @Test
    void logoutWhenOidcSessionThenLocalSessionEndedAndRedirectedToEndSessionUrl() throws Exception {
        FakeSession session = loggedIn(node1);
        String url = "http://127.0.0.2:9400/session/end?id_token_hint=id.token.alice&state=s";
        node1.engines.engine.answerEndSession(new EndSessionResponse(url, "s", "http://localhost:8080/"), null);
        FakeChain chain = new FakeChain();

        FakeResponse response = filter(node1, FakeRequest.get("/logout").session(session), chain);

        assertEquals(302, response.status());
        assertEquals(url, response.redirect());
        assertFalse(chain.passed());
        assertTrue(session.invalidated());
        EndSessionRequest request = node1.engines.engine.endSessionRequests.get(0);
        assertEquals("id.token.alice", request.idTokenHint());
        assertEquals("dev", request.idpId());
    }

    @Test
    void logoutWhenIdpHasNoEndSessionEndpointThenProductLogoutRuns() throws Exception {
        FakeSession session = loggedIn(node1);
        node1.engines.engine.answerEndSession(new EndSessionResponse(null, null, "http://localhost:8080/"), null);
        FakeChain chain = new FakeChain();

        FakeResponse response = filter(node1, FakeRequest.get("/logout").session(session), chain);

        assertTrue(chain.passed());
        assertNull(response.redirect());
        assertTrue(session.invalidated());
    }

    @Test
    void logoutWhenIdpUnavailableThenLocalLogoutStillHappens() throws Exception {
        FakeSession session = loggedIn(node1);
        node1.engines.engine.answerEndSession(null, new OidcProviderUnavailableException("timeout",
                ErrorCodes.IDP_UNAVAILABLE, "timeout"));
        FakeChain chain = new FakeChain();

        filter(node1, FakeRequest.get("/logout").session(session), chain);

        assertTrue(chain.passed());
        assertTrue(session.invalidated());
        assertTrue(node1.audit().stream().anyMatch(l -> l.contains("event=logout.rp_initiated.failed")));
    }

    @Test
    void requestWhenKillSwitchOnThenPassesUntouched() throws Exception {
        FakeSession session = loggedIn(node1);
        backchannel(node1, "alice-sub", null);
        node1.clock.advance(Duration.ofSeconds(1));
        System.setProperty(PluginRuntime.KILL_SWITCH_PROPERTY, "true");

        filter(node1, FakeRequest.get("/logout").session(session), new FakeChain());

        assertEquals("alice", name(session.attributes().get(USER_KEY)));
    }

    @Test
    void requestsTheFiltersLeaveAloneWhenStaticAnonymousOrLocalThenSharedStoresNeverTouched() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TestRuntime counting = new TestRuntime("http://localhost:8080",
                state -> new CountingClusterState(state, calls), state -> new CountingClusterState(state, calls));
        counting.configStore.save(TestRuntime.CONFIG, 0);
        OidcSso sso = OidcSso.over(counting.runtime);
        OidcLoginFilter login = new OidcLoginFilter(sso);
        login.init(null);
        OidcLogoutFilter logout = new OidcLogoutFilter(sso);
        logout.init(null);
        FakeSession local = new FakeSession();
        local.session().setAttribute(USER_KEY, new io.oidcsso.plugin.fakes.FakeSal.NamedPrincipal("admin"));
        FakeRequest[] untouched = {
            FakeRequest.get("/s/en_GB/batch.css").header("Accept", "text/css"),
            FakeRequest.get("/images/logo.png"),
            FakeRequest.get("/secure/dashboard").header("Accept", "text/html"),
            FakeRequest.get("/rest/api/2/serverInfo").header("Accept", "application/json"),
            FakeRequest.get("/secure/dashboard").header("Accept", "text/html").session(local),
        };

        for (int round = 0; round < 100; round++) {
            for (FakeRequest request : untouched) {
                FakeChain chain = new FakeChain();
                FakeResponse response = new FakeResponse();
                logout.doFilter(request.request(), response.response(), (req, res) -> login.doFilter(req, res, chain));
                assertTrue(chain.passed(), request.request().getRequestURI());
            }
        }

        assertEquals(0, calls.get(), "neither the shared store nor the live-session index was touched");
    }

    @Test
    void requestsWhenOidcSessionRepeatedWithinBoundThenSharedStoreReadOnlyForTheFirst() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TestRuntime counting = new TestRuntime("http://localhost:8080", state -> new CountingClusterState(state, calls));
        counting.configStore.save(TestRuntime.CONFIG, 0);
        FakeSession session = loggedIn(counting);
        OidcLogoutFilter filter = new OidcLogoutFilter(OidcSso.over(counting.runtime));
        filter.init(null);
        filter.doFilter(FakeRequest.get("/rest/whoami").session(session).request(), new FakeResponse().response(),
                new FakeChain());
        int afterFirst = calls.get();

        for (int i = 0; i < 1_000; i++) {
            FakeChain chain = new FakeChain();
            filter.doFilter(FakeRequest.get("/rest/whoami").session(session).request(), new FakeResponse().response(),
                    chain);
            assertTrue(chain.passed());
        }

        assertEquals(afterFirst, calls.get(), "1,000 requests of a live OIDC session answered from the node's memory");
        assertEquals("alice", name(session.attributes().get(USER_KEY)));
    }

    /** What the previous version of the plugin left in a session it bound: six attributes, and the product's login. */
    private static FakeSession boundByPreviousVersion(long boundAt) {
        FakeSession session = new FakeSession();
        session.attributes().put("io.oidcsso.session.idp", "dev");
        session.attributes().put("io.oidcsso.session.iss", ISSUER);
        session.attributes().put("io.oidcsso.session.sub", "alice-sub");
        session.attributes().put("io.oidcsso.session.sid", "sid-1");
        session.attributes().put("io.oidcsso.session.boundAt", boundAt);
        session.attributes().put("io.oidcsso.session.idToken", "id.token.previous");
        session.attributes().put(USER_KEY, new FakeSal.NamedPrincipal("alice"));
        return session;
    }

    @Test
    void requestWhenSsoSessionThenThreeSessionReadsAtMost() throws Exception {
        FakeSession session = loggedIn(node1);
        FakeChain chain = new FakeChain();
        session.clearReads();

        filter(node1, FakeRequest.get("/rest/whoami").session(session), chain);

        assertTrue(chain.passed());
        // The revocation check's values in one read, then whether the product still has the login (Seraph's keys).
        assertEquals(List.of("io.oidcsso.session.idToken", "seraph_defaultauthenticator_logged_out_user", USER_KEY),
                session.reads());
        assertEquals("alice", name(session.attributes().get(USER_KEY)));
    }

    @Test
    void requestWhenSsoSessionAlsoHasSeraphsUserIdKeyThenStillThreeSessionReads() throws Exception {
        FakeSession session = loggedIn(node1);
        // What Seraph's DefaultAuthenticator (and the reference host) add next to the principal.
        session.attributes().put("seraph_defaultauthenticator_user_id", "alice");
        session.clearReads();

        filter(node1, FakeRequest.get("/secure/dashboard").session(session), new FakeChain());

        assertTrue(session.reads().size() <= 3, session.reads().toString());
    }

    @Test
    void requestWhenFormLoginSessionThenOneSessionRead() throws Exception {
        FakeSession session = new FakeSession();
        session.attributes().put(USER_KEY, new FakeSal.NamedPrincipal("local"));
        FakeChain chain = new FakeChain();

        filter(node1, FakeRequest.get("/rest/whoami").session(session), chain);

        assertTrue(chain.passed());
        assertEquals(1, session.reads().size(), session.reads().toString());
        assertEquals("local", name(session.attributes().get(USER_KEY)));
    }

    @Test
    void requestWhenSessionBoundByPreviousVersionAndIdpLoggedOutThenSessionEnded() throws Exception {
        FakeSession session = boundByPreviousVersion(node1.clock.millis());
        node1.clock.advance(Duration.ofSeconds(1));
        backchannel(node1, "alice-sub", null);
        FakeChain chain = new FakeChain();

        filter(node1, FakeRequest.get("/secure/dashboard").session(session), chain);

        assertTrue(chain.passed());
        assertNull(session.attributes().get(USER_KEY), "checked as the previous version did, and revoked");
        assertTrue(session.attributes().keySet().stream().noneMatch(k -> k.startsWith("io.oidcsso.session.")));
        assertTrue(node1.audit().stream().anyMatch(l -> l.contains("event=logout.session_ended")));
    }

    @Test
    void requestWhenSessionBoundByPreviousVersionAndNotRevokedThenKept() throws Exception {
        backchannel(node1, "alice-sub", "sid-1");
        node1.clock.advance(Duration.ofSeconds(1));
        FakeSession session = boundByPreviousVersion(node1.clock.millis());

        filter(node1, FakeRequest.get("/secure/dashboard").session(session), new FakeChain());

        assertEquals("alice", name(session.attributes().get(USER_KEY)));
        assertEquals("alice-sub", session.attributes().get("io.oidcsso.session.sub"));
    }

    @Test
    void logoutWhenSessionBoundByPreviousVersionThenItsIdTokenIsTheHint() throws Exception {
        FakeSession session = boundByPreviousVersion(node1.clock.millis());
        node1.engines.engine.answerEndSession(new EndSessionResponse("http://127.0.0.2:9400/session/end", "s",
                "http://localhost:8080/"), null);

        FakeResponse response = filter(node1, FakeRequest.get("/logout").session(session), new FakeChain());

        assertEquals(302, response.status());
        assertEquals("id.token.previous", node1.engines.engine.endSessionRequests.get(0).idTokenHint());
        assertTrue(session.invalidated());
    }

    @Test
    void requestWhenCheckRecordTamperedThenSessionEndedNotTrusted() throws Exception {
        FakeSession session = loggedIn(node1);
        // A bound time that is no number cannot be compared with a revocation's: the session is not trusted.
        session.attributes().put("io.oidcsso.session.idToken",
                new String[] {"oidc-sso-session-1", "dev", ISSUER, "alice-sub", "sid-1", "9e99"});
        FakeChain chain = new FakeChain();

        filter(node1, FakeRequest.get("/secure/dashboard").session(session), chain);

        assertTrue(chain.passed());
        assertNull(session.attributes().get(USER_KEY));
        assertTrue(session.attributes().keySet().stream().noneMatch(k -> k.startsWith("io.oidcsso.session.")));
        assertTrue(node1.audit().stream().anyMatch(l -> l.contains("event=logout.session_ended")
                && l.contains("damaged_session_record")), node1.audit().toString());
    }

    @Test
    void requestWhenCheckRecordPartialThenSessionEndedNotTrusted() throws Exception {
        FakeSession session = loggedIn(node1);
        session.attributes().put("io.oidcsso.session.idToken", new String[] {"oidc-sso-session-1", "dev", ISSUER});

        filter(node1, FakeRequest.get("/secure/dashboard").session(session), new FakeChain());

        assertNull(session.attributes().get(USER_KEY));
        assertTrue(OidcSession.read(session.session()).isEmpty());
    }

    private static String name(Object principal) {
        return principal == null ? null : ((java.security.Principal) principal).getName();
    }
}
