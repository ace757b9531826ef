package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.EngineFailure;
import io.oidcsso.plugin.fakes.FakeChain;
import io.oidcsso.plugin.fakes.FakeLoginEngine;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.host.ClusterState;
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

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void loginPageWhenAnonymousBrowserThenRedirectedToIdpWithPendingStoredAndBindingCookie() throws Exception {
        FakeChain chain = new FakeChain();
        FakeResponse response = run(FakeRequest.get("/login").param("os_destination", "/browse/X-1"), chain);

        assertFalse(chain.passed());
        assertEquals(302, response.status());
        assertEquals(FakeLoginEngine.AUTHORIZATION_ENDPOINT + "?state=state-1", response.redirect());
        JsonObject begin = json(test.engines.engine.beginRequests.get(0));
        assertEquals("/browse/X-1", begin.get("returnTo").getAsString());
        String cookie = response.header("Set-Cookie");
        assertTrue(cookie.startsWith("OIDCSSO_BIND=" + begin.get("browserBinding").getAsString() + ";"), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
        assertFalse(cookie.contains("Secure"));
        String pending = test.clusterState.take("pending:state-1").orElseThrow();
        assertEquals(begin.get("browserBinding").getAsString(), json(pending).get("browserBinding").getAsString());
    }

    @Test
    void loginPageWhenBaseUrlHttpsThenCookieSecure() throws Exception {
        test = new TestRuntime("https://jira.example.com");
        test.configStore.save(TestRuntime.CONFIG, 0);
        FakeResponse response = run(FakeRequest.get("/login"), new FakeChain());
        assertTrue(response.header("Set-Cookie").endsWith("; Secure"));
    }

    @Test
    void loginPageWhenBindingCookiePresentThenReusedNotPiledUp() throws Exception {
        String existing = BrowserBinding.newValue();
        FakeResponse response = run(FakeRequest.get("/login").cookie("OIDCSSO_BIND", existing), new FakeChain());
        assertEquals(1, response.headers("Set-Cookie").size());
        assertTrue(response.header("Set-Cookie").startsWith("OIDCSSO_BIND=" + existing + ";"));
        assertEquals(existing, json(test.engines.engine.beginRequests.get(0)).get("browserBinding").getAsString());
    }

    @Test
    void loginPageWhenOsDestinationOffSiteThenNoReturnTo() throws Exception {
        run(FakeRequest.get("/login").param("os_destination", "https://evil.example/"), new FakeChain());
        assertTrue(json(test.engines.engine.beginRequests.get(0)).get("returnTo").isJsonNull());
    }

    @Test
    void loginPageWhenIdpUnavailableThen503WithLocalLoginLink() throws Exception {
        test.engines.engine.failBeginWith(new EngineFailure(EngineFailure.Kind.PROVIDER_UNAVAILABLE,
                "discovery_failed", "http://idp unreachable", null));
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
        test.engines.engine.failBeginWith(new EngineFailure(EngineFailure.Kind.INTERNAL, "native_panic", "bug", null));
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
    void loginPageWhenPendingStoreFullThen503() throws Exception {
        for (int i = 0; i < test.clusterState.capacity(); i++) {
            test.clusterState.put("pending:filler-" + i, "{}", Duration.ofMinutes(5));
        }
        FakeResponse response = run(FakeRequest.get("/login"), new FakeChain());
        assertEquals(503, response.status());
        assertTrue(response.body().contains("too_many_pending_logins"));
        assertNull(response.header("Set-Cookie"));
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
