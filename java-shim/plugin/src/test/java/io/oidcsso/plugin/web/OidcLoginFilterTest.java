package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.BeginLoginRequest;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.fakes.FakeChain;
import io.oidcsso.plugin.fakes.FakeLoginEngine;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.nativebridge.OidcNativePanicException;
import io.oidcsso.plugin.nativebridge.OidcProviderUnavailableException;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OidcLoginFilterTest {
    private TestRuntime test = TestRuntime.configured();

    @AfterEach
    void clearKillSwitch() {
        System.clearProperty(PluginRuntime.KILL_SWITCH_PROPERTY);
    }

    private FakeResponse run(FakeRequest request, FakeChain chain) throws Exception {
        OidcLoginFilter filter = new OidcLoginFilter(OidcSso.over(test.runtime));
        filter.init(null);
        FakeResponse response = new FakeResponse();
        filter.doFilter(request.request(), response.response(), chain);
        return response;
    }

    @Test
    void loginPageWhenAnonymousBrowserThenRedirectedToIdpWithSealedPendingCookieAndBindingCookie() throws Exception {
        FakeChain chain = new FakeChain();
        FakeResponse response = run(FakeRequest.get("/login").param("os_destination", "/browse/X-1"), chain);

        assertFalse(chain.passed());
        assertEquals(302, response.status());
        assertEquals(FakeLoginEngine.AUTHORIZATION_ENDPOINT + "?state=state-1", response.redirect());
        BeginLoginRequest begin = test.engines.engine.beginRequests.get(0);
        assertEquals("/browse/X-1", begin.returnTo());
        String pending = response.headers("Set-Cookie").get(0);
        assertTrue(pending.startsWith("OIDCSSO_PL0=1."), pending);
        assertTrue(pending.contains("; Path=/plugins/servlet/oidc-sso/callback; Max-Age="), pending);
        assertTrue(pending.endsWith("; HttpOnly; SameSite=Lax"), pending);
        assertFalse(pending.contains("browserBinding") || pending.contains("/browse/X-1"), "sealed: " + pending);
        String binding = response.headers("Set-Cookie").get(1);
        assertTrue(binding.startsWith("OIDCSSO_BIND=" + begin.browserBinding() + ".0;"), binding);
        assertTrue(binding.contains("HttpOnly") && binding.contains("SameSite=Lax"));
        assertFalse(binding.contains("Secure"));
        assertEquals(1, test.clusterState.size(), "nothing stored but the cookie key: " + test.clusterState.keys());
    }

    @Test
    void loginPageWhenBaseUrlHttpsThenCookiesSecure() throws Exception {
        test = new TestRuntime("https://jira.example.com");
        test.configStore.save(TestRuntime.CONFIG, 0);
        FakeResponse response = run(FakeRequest.get("/login"), new FakeChain());
        assertEquals(2, response.headers("Set-Cookie").size());
        response.headers("Set-Cookie").forEach(cookie -> assertTrue(cookie.endsWith("; Secure"), cookie));
    }

    @Test
    void loginPageWhenBindingCookiePresentThenReusedAndNextSlotTaken() throws Exception {
        String existing = BrowserBinding.newValue();
        FakeResponse response = run(FakeRequest.get("/login").cookie("OIDCSSO_BIND", existing + ".0"),
                new FakeChain());
        assertEquals(2, response.headers("Set-Cookie").size());
        assertTrue(response.headers("Set-Cookie").get(0).startsWith("OIDCSSO_PL1="));
        assertTrue(response.headers("Set-Cookie").get(1).startsWith("OIDCSSO_BIND=" + existing + ".1;"));
        assertEquals(existing, test.engines.engine.beginRequests.get(0).browserBinding());
    }

    @Test
    void loginPageWhenManyLoginsInOneBrowserThenCookieSlotsCycleAndNeverPileUp() throws Exception {
        String binding = BrowserBinding.newValue() + ".2";
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (int i = 0; i < 10; i++) {
            FakeResponse response = run(FakeRequest.get("/login").cookie("OIDCSSO_BIND", binding), new FakeChain());
            java.util.Map<String, String> set = StartedLogin.cookies(response);
            binding = set.get("OIDCSSO_BIND");
            names.addAll(set.keySet());
        }
        assertEquals(java.util.Set.of("OIDCSSO_BIND", "OIDCSSO_PL0", "OIDCSSO_PL1", "OIDCSSO_PL2"), names);
    }

    @Test
    void loginPageWhenReturnPathTooLongForTheCookieThenLoginStartsWithoutIt() throws Exception {
        String longPath = "/issues/?jql=" + "project%20%3D%20X%20OR%20".repeat(80);
        FakeResponse response = run(FakeRequest.get("/login").param("os_destination", longPath), new FakeChain());

        assertEquals(302, response.status());
        assertEquals(2, test.engines.engine.beginRequests.size());
        assertNull(test.engines.engine.beginRequests.get(1).returnTo());
        assertTrue(response.headers("Set-Cookie").get(0).length() < PendingCookies.MAX_VALUE_LENGTH + 200);
    }

    @Test
    void loginPageWhenFloodedByAnonymousClientsThenNothingStoredAndLegitimateLoginsStillStart() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            assertEquals(302, run(FakeRequest.get("/login").param("idp", "dev"), new FakeChain()).status());
        }
        assertEquals(1, test.clusterState.size(), "only the cookie key: " + test.clusterState.keys());
        assertEquals(302, run(FakeRequest.get("/login"), new FakeChain()).status());
    }

    @Test
    void loginPageWhenOsDestinationOffSiteThenNoReturnTo() throws Exception {
        run(FakeRequest.get("/login").param("os_destination", "https://evil.example/"), new FakeChain());
        assertNull(test.engines.engine.beginRequests.get(0).returnTo());
    }

    @Test
    void loginPageWhenIdpUnavailableThen503WithLocalLoginLink() throws Exception {
        test.engines.engine.failBeginWith(new OidcProviderUnavailableException("discovery failed",
                ErrorCodes.DISCOVERY_FAILED, "http://idp unreachable"));
        FakeChain chain = new FakeChain();
        FakeResponse response = run(FakeRequest.get("/login"), chain);
        assertFalse(chain.passed());
        assertEquals(503, response.status());
        assertTrue(response.body().contains("discovery_failed"));
        assertTrue(response.body().contains("/login?oidcsso_local=true"));
        assertFalse(response.body().contains("unreachable"), "admin hints stay in the log");
    }

    @Test
    void loginPageWhenEngineFailsInternallyThenProductLoginShown() throws Exception {
        test.engines.engine.failBeginWith(new OidcNativePanicException("bug", ErrorCodes.NATIVE_PANIC, "bug"));
        FakeChain chain = new FakeChain();
        FakeResponse response = run(FakeRequest.get("/login"), chain);
        assertTrue(chain.passed());
        assertNull(response.redirect());
    }

    @Test
    void loginPageWhenUnconfiguredThenProductLoginShown() throws Exception {
        test = new TestRuntime("http://localhost:8080");
        FakeChain chain = new FakeChain();
        FakeResponse response = run(FakeRequest.get("/login"), chain);
        assertTrue(chain.passed());
        assertNull(response.redirect());
        assertEquals(0, test.engines.created);
    }

    @Test
    void loginPageWhenConfigHasNoIdpsThenProductLoginShown() throws Exception {
        test = new TestRuntime("http://localhost:8080");
        test.configStore.save("{\"schemaVersion\":1,\"idps\":[]}", 0);
        FakeChain chain = new FakeChain();
        run(FakeRequest.get("/login"), chain);
        assertTrue(chain.passed());
    }

    @Test
    void loginPageWhenKillSwitchSetThenProductLoginShown() throws Exception {
        System.setProperty(PluginRuntime.KILL_SWITCH_PROPERTY, "true");
        FakeChain chain = new FakeChain();
        run(FakeRequest.get("/login"), chain);
        assertTrue(chain.passed());
        assertTrue(test.engines.engine.beginRequests.isEmpty());
    }

    @Test
    void loginPageWhenSharedStoreFullThenLoginsStillStart() throws Exception {
        run(FakeRequest.get("/login"), new FakeChain());
        for (int i = 0; test.clusterState.size() < test.clusterState.capacity(); i++) {
            test.clusterState.put("logout:filler-" + i, "{}", Duration.ofMinutes(5));
        }
        FakeResponse response = run(FakeRequest.get("/login"), new FakeChain());
        assertEquals(302, response.status());
        assertEquals(2, response.headers("Set-Cookie").size());
    }

    @Test
    void loginPageWhenPendingStoreFailsThenProductLoginShown() throws Exception {
        test = new TestRuntime("http://localhost:8080", state -> new ClusterState() {
            @Override
            public boolean put(String key, String value, Duration ttl) {
                throw new IllegalStateException("cluster lock busy");
            }

            @Override
            public PutResult putIfAbsent(String key, String value, Duration ttl) {
                throw new IllegalStateException("cluster lock busy");
            }

            @Override
            public Optional<String> get(String key) {
                return Optional.empty();
            }

            @Override
            public Optional<String> take(String key) {
                return Optional.empty();
            }

            @Override
            public int capacity() {
                return 1;
            }
        });
        test.configStore.save(TestRuntime.CONFIG, 0);
        FakeChain chain = new FakeChain();
        FakeResponse response = run(FakeRequest.get("/login"), chain);
        assertTrue(chain.passed());
        assertNull(response.redirect());
        assertNull(response.header("Set-Cookie"));
    }

    @Test
    void destroyWhenCalledThenFilterPassesThroughWithoutTheRuntime() throws Exception {
        OidcLoginFilter filter = new OidcLoginFilter(OidcSso.over(test.runtime));
        filter.init(null);
        filter.destroy();
        FakeChain chain = new FakeChain();
        FakeResponse response = new FakeResponse();
        filter.doFilter(FakeRequest.get("/login").request(), response.response(), chain);
        assertTrue(chain.passed());
        assertNull(response.redirect());
    }
}
