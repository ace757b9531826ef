package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LogoutTokenDecision;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.logout.OidcSession;
import io.oidcsso.plugin.logout.Revocations;
import io.oidcsso.plugin.nativebridge.OidcAuthenticationException;
import org.junit.jupiter.api.Test;

class BackchannelLogoutServletTest {
    static final String ISSUER = "http://127.0.0.2:9400";

    private final TestRuntime test = TestRuntime.configured();

    static LogoutTokenDecision answer(String sub, String sid, String jti) {
        return new LogoutTokenDecision("dev", ISSUER, sub, sid, jti, 1_700_000_120L);
    }

    private FakeResponse post(FakeRequest request) throws Exception {
        BackchannelLogoutServlet servlet = new BackchannelLogoutServlet(OidcSso.over(test.runtime));
        servlet.init();
        FakeResponse response = new FakeResponse();
        // As the container calls it: through Servlet#service.
        ((javax.servlet.Servlet) servlet).service(request.request(), response.response());
        return response;
    }

    private static FakeRequest logoutRequest() {
        return FakeRequest.get("/plugins/servlet/oidc-sso/backchannel-logout").method("POST")
                .param("logout_token", "header.payload.signature");
    }

    private boolean revoked(String sub, String sid, long boundAt) {
        return new Revocations(test.clusterState, test.liveSessions, test.clock)
                .isRevoked(new OidcSession("dev", ISSUER, sub, sid, boundAt));
    }

    @Test
    void backchannelWhenTokenValidThen200NoStoreAndSubAndSidRevoked() throws Exception {
        test.engines.engine.answerLogout(answer("alice-sub", "sid-1", "j1"), null);
        long boundBefore = test.clock.millis() - 1;

        FakeResponse response = post(logoutRequest());

        assertEquals(200, response.status());
        assertEquals("no-cache, no-store", response.header("Cache-Control"));
        assertEquals("header.payload.signature", test.engines.engine.logoutRequests.get(0).logoutToken());
        assertTrue(revoked("alice-sub", null, boundBefore), "by (iss, sub)");
        assertTrue(revoked("someone-else", "sid-1", boundBefore), "by (iss, sid)");
        assertFalse(revoked("bob-sub", "sid-2", boundBefore), "other users keep their sessions");
        assertTrue(test.audit().stream().anyMatch(l -> l.contains("event=logout.backchannel")));
    }

    @Test
    void backchannelWhenJtiReplayedThen400AndSessionsBoundSinceSurvive() throws Exception {
        test.engines.engine.answerLogout(answer("alice-sub", null, "j1"), null);
        assertEquals(200, post(logoutRequest()).status());
        test.clock.advance(java.time.Duration.ofSeconds(5));
        long newLogin = test.clock.millis();
        test.clock.advance(java.time.Duration.ofSeconds(5));

        FakeResponse replay = post(logoutRequest());

        assertEquals(400, replay.status());
        assertEquals("no-cache, no-store", replay.header("Cache-Control"));
        assertTrue(replay.body().contains("\"error\":\"invalid_request\""), replay.body());
        assertTrue(replay.body().contains("logout_token_replayed"), replay.body());
        assertFalse(revoked("alice-sub", null, newLogin), "a replay never kills a newer session");
    }

    @Test
    void backchannelWhenEngineRejectsTokenThen400JsonWithCodeAndNoStore() throws Exception {
        test.engines.engine.answerLogout(null, new OidcAuthenticationException("invalid signature",
                ErrorCodes.INVALID_SIGNATURE, "the logout token's RS256 signature does not verify"));

        FakeResponse response = post(logoutRequest());

        assertEquals(400, response.status());
        assertEquals("no-cache, no-store", response.header("Cache-Control"));
        assertTrue(response.contentType().startsWith("application/json"));
        assertTrue(response.body().contains("\"error_description\":\"invalid_signature\""), response.body());
        assertFalse(response.body().contains("does not verify"), "the admin hint stays in the log");
        assertFalse(revoked("alice-sub", "sid-1", 0));
    }

    @Test
    void backchannelWhenNoTokenThen400NoStoreWithoutEngineCall() throws Exception {
        FakeResponse response = post(FakeRequest.get("/plugins/servlet/oidc-sso/backchannel-logout").method("POST"));

        assertEquals(400, response.status());
        assertEquals("no-cache, no-store", response.header("Cache-Control"));
        assertTrue(test.engines.engine.logoutRequests.isEmpty());
    }

    @Test
    void backchannelWhenGetThen405NoStore() throws Exception {
        FakeResponse response = post(logoutRequest().method("GET"));

        assertEquals(405, response.status());
        assertEquals("POST", response.header("Allow"));
        assertEquals("no-cache, no-store", response.header("Cache-Control"));
        assertTrue(test.engines.engine.logoutRequests.isEmpty());
    }

    @Test
    void backchannelWhenSsoNotConfiguredThen400NoStore() throws Exception {
        TestRuntime unconfigured = new TestRuntime("http://localhost:8080");
        BackchannelLogoutServlet servlet = new BackchannelLogoutServlet(OidcSso.over(unconfigured.runtime));
        servlet.init();
        FakeResponse response = new FakeResponse();

        servlet.service(logoutRequest().request(), response.response());

        assertEquals(400, response.status());
        assertEquals("no-cache, no-store", response.header("Cache-Control"));
        assertTrue(response.body().contains("sso_disabled"));
    }
}
