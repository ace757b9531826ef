package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.fakes.DecisionBuilder;
import io.oidcsso.plugin.fakes.FakeChain;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.FakeSession;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OidcCallbackServletTest {
    private static final String CALLBACK = "/plugins/servlet/oidc-sso/callback";

    private TestRuntime test = TestRuntime.configured();

    @AfterEach
    void clearKillSwitch() {
        System.clearProperty(PluginRuntime.KILL_SWITCH_PROPERTY);
    }

    /** Runs the login filter on the login page. */
    private StartedLogin startLogin() throws Exception {
        OidcLoginFilter filter = new OidcLoginFilter(OidcSso.over(test.runtime));
        filter.init(null);
        FakeResponse response = new FakeResponse();
        filter.doFilter(FakeRequest.get("/login").request(), response.response(), new FakeChain());
        return StartedLogin.from(response);
    }

    private FakeResponse callback(FakeRequest request) throws Exception {
        OidcCallbackServlet servlet = new OidcCallbackServlet(OidcSso.over(test.runtime));
        servlet.init();
        FakeResponse response = new FakeResponse();
        servlet.service(request.request(), response.response());
        return response;
    }

    private static FakeRequest callbackRequest(String state) {
        return FakeRequest.get(CALLBACK).param("state", state).param("code", "the-code")
                .param("iss", "http://127.0.0.2:9400");
    }

    /** The callback in the browser that started {@code login}: with every cookie it got. */
    private static FakeRequest callbackRequest(StartedLogin login) {
        return login.addCookies(callbackRequest(login.state()));
    }

    @Test
    void callbackWhenValidThenUserCreatedSessionBoundAndRedirectedToReturnTo() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").groups("jira-users").build());
        StartedLogin login = startLogin();
        FakeRequest request = callbackRequest(login);

        FakeResponse response = callback(request);

        assertEquals(302, response.status());
        assertEquals("/secure/Dashboard.jspa", response.redirect());
        assertEquals("alice", boundUser(request));
        assertEquals(Set.of("jira-users"), test.crowd.groupsOf("alice"));
        assertTrue(test.audit().stream().anyMatch(line -> line.contains("event=login.bound")));
    }

    @Test
    void callbackWhenStateReplayedThenRejectedAndNoSessionBound() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").build());
        StartedLogin login = startLogin();
        callback(callbackRequest(login));

        FakeRequest replay = callbackRequest(login);
        FakeResponse response = callback(replay);

        assertEquals(401, response.status());
        assertTrue(response.body().contains(ErrorCodes.LOGIN_EXPIRED_OR_REPLAYED));
        assertNull(test.engines.engine.completeRequests.get(1).pending(), "the used login is not handed over");
        assertNull(replay.fakeSession());
    }

    @Test
    void callbackWhenReplayedConcurrentlyOnTwoNodesThenOnlyOneSessionBound() throws Exception {
        // Both callbacks pass the lock-free check before either marked the login used (as on two
        // nodes at once): the atomic marker lets exactly one bind a session.
        TestRuntime racing = new TestRuntime("http://localhost:8080", state -> new ClusterState() {
            @Override
            public boolean put(String key, String value, java.time.Duration ttl) {
                return state.put(key, value, ttl);
            }

            @Override
            public PutResult putIfAbsent(String key, String value, java.time.Duration ttl) {
                return state.putIfAbsent(key, value, ttl);
            }

            @Override
            public java.util.Optional<String> get(String key) {
                return key.startsWith(PendingLogins.USED_PREFIX) ? java.util.Optional.empty() : state.get(key);
            }

            @Override
            public java.util.Optional<String> take(String key) {
                return state.take(key);
            }

            @Override
            public int capacity() {
                return state.capacity();
            }
        });
        racing.configStore.save(TestRuntime.CONFIG, 0);
        test = racing;
        test.engines.engine.answer(DecisionBuilder.forUser("alice").build());
        StartedLogin login = startLogin();
        FakeRequest first = callbackRequest(login);
        FakeRequest second = callbackRequest(login);

        assertEquals(302, callback(first).status());
        FakeResponse lost = callback(second);

        assertEquals(401, lost.status(), lost.body());
        assertTrue(lost.body().contains("login_expired_or_replayed"), lost.body());
        assertNull(second.fakeSession());
        assertEquals(2, test.engines.engine.completeRequests.size(), "both reached the core");
    }

    @Test
    void callbackWhenLoggedInThenPendingCookieDeletedAndUsedMarkerStored() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").build());
        StartedLogin login = startLogin();

        FakeResponse response = callback(callbackRequest(login));

        assertTrue(response.headers("Set-Cookie").stream().anyMatch(header -> header.startsWith(
                login.pendingCookieName() + "=; Path=/plugins/servlet/oidc-sso/callback; Max-Age=0")),
                response.headers("Set-Cookie").toString());
        assertTrue(test.clusterState.get(PendingLogins.usedKey(login.state())).isPresent());
        assertEquals(1, test.clusterState.size() - keyRecords(), "one marker, nothing else per login");
    }

    @Test
    void callbackWhenPendingCookieAlteredThenRejectedAndNothingStored() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").build());
        StartedLogin login = startLogin();
        String name = login.pendingCookieName();
        String sealed = login.cookies().get(name);
        // Flip one bit of the sealed bytes themselves: changing the last base64 character may only
        // touch padding bits the decoder ignores, which made this test pass a valid cookie now and then.
        int dot = sealed.lastIndexOf('.');
        byte[] bytes = java.util.Base64.getUrlDecoder().decode(sealed.substring(dot + 1));
        bytes[bytes.length / 2] ^= 0x01;
        String altered = sealed.substring(0, dot + 1)
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        FakeRequest request = callbackRequest(login.state()).cookie(BrowserBinding.COOKIE_NAME, login.binding())
                .cookie(name, altered);

        FakeResponse response = callback(request);

        assertEquals(401, response.status());
        assertTrue(response.body().contains(ErrorCodes.LOGIN_EXPIRED_OR_REPLAYED), response.body());
        assertNull(request.fakeSession());
        assertEquals(0, test.clusterState.size() - keyRecords(), "a forged cookie stores nothing");
    }

    @Test
    void callbackWhenPendingCookieExpiredThenRejected() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").build());
        test.engines.engine.expireAt(test.clock.instant().getEpochSecond() + 600);
        StartedLogin login = startLogin();
        test.clock.advance(java.time.Duration.ofSeconds(601));

        FakeResponse response = callback(callbackRequest(login));

        assertEquals(401, response.status());
        assertTrue(response.body().contains(ErrorCodes.LOGIN_EXPIRED_OR_REPLAYED), response.body());
        assertNull(test.engines.engine.completeRequests.get(0).pending());
    }

    @Test
    void callbackWhenManyLoginsStartedThenNothingStoredOnTheServer() throws Exception {
        for (int i = 0; i < 500; i++) {
            startLogin();
        }
        assertEquals(0, test.clusterState.size() - keyRecords(), "login starts store nothing but the cookie key");
        assertEquals(1, keyRecords());
    }

    private long keyRecords() {
        return test.clusterState.keys().stream().filter(key -> key.startsWith(SealingKeys.KEY_PREFIX)).count();
    }

    @Test
    void callbackWhenReplayedByAlreadyLoggedInBrowserThenRedirectedHome() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").build());
        StartedLogin login = startLogin();
        FakeRequest first = callbackRequest(login);
        callback(first);

        FakeResponse response = callback(callbackRequest(login).session(first.fakeSession()));

        assertEquals(302, response.status());
        assertEquals("/", response.redirect());
    }

    @Test
    void callbackWhenBindingCookieFromAnotherBrowserThenRejectedAndNothingCreated() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").build());
        StartedLogin login = startLogin();
        FakeRequest request = callbackRequest(login.state())
                .cookie(login.pendingCookieName(), login.cookies().get(login.pendingCookieName()))
                .cookie(BrowserBinding.COOKIE_NAME, BrowserBinding.newValue());

        FakeResponse response = callback(request);

        assertEquals(401, response.status());
        assertTrue(response.body().contains(ErrorCodes.STATE_NOT_BOUND), response.body());
        assertNull(request.fakeSession());
        assertNull(test.crowd.user("alice"));
    }

    @Test
    void callbackWhenBindingCookieMissingThenRejected() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").build());
        StartedLogin login = startLogin();
        FakeRequest request = callbackRequest(login.state())
                .cookie(login.pendingCookieName(), login.cookies().get(login.pendingCookieName()));
        assertEquals(401, callback(request).status());
    }

    @Test
    void callbackWhenLocalAccountExistsUnlinkedThenForbiddenAndNothingBound() throws Exception {
        test.crowd.addLocalUser("bob", true);
        test.engines.engine.answer(DecisionBuilder.forUser("bob").build());
        StartedLogin login = startLogin();
        FakeRequest request = callbackRequest(login);

        FakeResponse response = callback(request);

        assertEquals(403, response.status());
        assertTrue(response.body().contains("account_exists_not_linked"));
        assertNull(request.fakeSession());
        // Kept for the admin's Accounts page, under the reference the user's page shows; no token.
        java.util.List<io.oidcsso.plugin.login.PendingLinks.Refusal> pending =
                new io.oidcsso.plugin.login.PendingLinks(test.clusterState,
                        test.runtime.adapters().userDirectory(), test.clock).list();
        assertEquals(1, pending.size(), pending.toString());
        assertEquals("bob", pending.get(0).username());
        assertEquals("bob-sub", pending.get(0).subject());
        assertEquals(test.crowd.keyOf("bob"), pending.get(0).accountKey(), "the claimed account, by its key");
        assertTrue(response.body().contains(pending.get(0).reference()), response.body());
    }

    @Test
    void callbackWhenRefusedForAnotherReasonThenNothingKeptForTheAccountsPage() throws Exception {
        test.crowd.addLocalUser("bob", false);
        test.engines.engine.answer(DecisionBuilder.forUser("bob").linkExistingAccounts(true).build());
        StartedLogin login = startLogin();

        assertEquals(403, callback(callbackRequest(login)).status());
        assertEquals(java.util.List.of(), new io.oidcsso.plugin.login.PendingLinks(test.clusterState,
                        test.runtime.adapters().userDirectory(), test.clock).list());
    }

    @Test
    void callbackWhenLocalAccountExistsAndIdpLinksAccountsThenLoggedInAsIt() throws Exception {
        test.crowd.addLocalUser("bob", true);
        test.engines.engine.answer(DecisionBuilder.forUser("bob").email("bob@local").linkExistingAccounts(true).build());
        StartedLogin login = startLogin();
        FakeRequest request = callbackRequest(login);

        assertEquals(302, callback(request).status());
        assertEquals("bob", boundUser(request));
    }

    @Test
    void callbackWhenLinkingAndEmailDiffersThenForbiddenAndNotLinked() throws Exception {
        test.crowd.addLocalUser("bob", true);
        test.engines.engine.answer(DecisionBuilder.forUser("bob").email("attacker@example.com")
                .linkExistingAccounts(true).build());
        StartedLogin login = startLogin();
        FakeRequest request = callbackRequest(login);

        FakeResponse response = callback(request);

        assertEquals(403, response.status());
        assertTrue(response.body().contains("link_requires_verified_email"), response.body());
        assertNull(request.fakeSession());
    }

    @Test
    void callbackWhenUserDeactivatedThenForbidden() throws Exception {
        test.crowd.addLocalUser("carol", false);
        test.engines.engine.answer(DecisionBuilder.forUser("carol").email("carol@local").linkExistingAccounts(true).build());
        StartedLogin login = startLogin();
        FakeRequest request = callbackRequest(login);
        FakeResponse response = callback(request);
        assertEquals(403, response.status());
        assertTrue(response.body().contains("user_inactive"));
    }

    @Test
    void callbackWhenReturnToOffSiteThenRedirectedHome() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").returnTo("//evil.example/x").build());
        StartedLogin login = startLogin();
        assertEquals("/", callback(callbackRequest(login)).redirect());
    }

    @Test
    void callbackWhenContextPathThenRedirectStaysUnderIt() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").returnTo("/browse/X-1").build());
        StartedLogin login = startLogin();
        FakeResponse response = callback(callbackRequest(login).contextPath("/jira"));
        assertEquals("/jira/browse/X-1", response.redirect());
    }

    @Test
    void callbackWhenFailedThenReferenceOnPageIsAlsoInLog() throws Exception {
        FakeResponse response = callback(callbackRequest("never-issued").cookie(BrowserBinding.COOKIE_NAME, BrowserBinding.newValue()));
        String body = response.body();
        String reference = body.substring(body.indexOf("Reference: <code>") + 17, body.indexOf("</code></p>"));
        assertEquals(10, reference.length());
        assertTrue(test.audit().stream().anyMatch(line -> line.contains("event=login.failed") && line.contains(reference)));
    }

    @Test
    void callbackWhenFailedWithCodeTokenAndCookiesThenNoneOfThemInTheAuditLines() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").build());
        StartedLogin login = startLogin();
        String code = "authz-code-7f3a9c1e5b";
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl";
        FakeRequest request = FakeRequest.get(CALLBACK).param("state", login.state()).param("code", code)
                .param("id_token", token).param("iss", "http://127.0.0.2:9400");
        login.cookies().forEach((name, value) -> request.cookie(name, name.equals(BrowserBinding.COOKIE_NAME)
                ? BrowserBinding.newValue() : value));

        FakeResponse response = callback(request);

        assertTrue(response.status() >= 400, response.status() + " " + response.body());
        List<String> json = test.auditCapture.json();
        assertTrue(json.stream().anyMatch(l -> l.contains("\"event\":\"login.failed\"")
                && l.contains("\"code\":\"" + ErrorCodes.STATE_NOT_BOUND + "\"")), json.toString());
        List<String> secrets = new java.util.ArrayList<>(List.of(code, token, login.state()));
        secrets.addAll(login.cookies().values());
        for (String secret : secrets) {
            assertTrue(json.stream().noneMatch(l -> l.contains(secret)), "in the audit: " + secret + " " + json);
        }
    }

    @Test
    void callbackWhenKillSwitchSetThenUnavailableAndPendingLoginKept() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").build());
        StartedLogin login = startLogin();
        System.setProperty(PluginRuntime.KILL_SWITCH_PROPERTY, "true");
        FakeResponse response = callback(callbackRequest(login));
        assertEquals(503, response.status());
        assertTrue(response.body().contains("sso_disabled"));
        System.clearProperty(PluginRuntime.KILL_SWITCH_PROPERTY);
        assertEquals(302, callback(callbackRequest(login)).status(), "the login still completes afterwards");
    }

    @Test
    void callbackWhenSessionExistedBeforeLoginThenSessionIdRotated() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").build());
        StartedLogin login = startLogin();
        FakeSession session = new FakeSession();
        String before = session.id();
        FakeRequest request = callbackRequest(login).session(session);
        callback(request);
        assertFalse(before.equals(request.fakeSession().id()));
    }

    /** The principal name the (fake Seraph) SAL listener put into the session. */
    private static String boundUser(FakeRequest request) {
        Object principal = request.fakeSession().attributes().get("seraph_defaultauthenticator_user");
        return principal == null ? null : ((java.security.Principal) principal).getName();
    }
}
