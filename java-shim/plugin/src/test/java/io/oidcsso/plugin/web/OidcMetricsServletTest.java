package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.DecisionBuilder;
import io.oidcsso.plugin.fakes.FakeChain;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.metrics.OpenMetricsChecker;
import io.oidcsso.plugin.metrics.ScrapeAccess;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OidcMetricsServletTest {
    private static final String METRICS = "/plugins/servlet/oidc-sso/metrics";
    private static final String TOKEN = "scrape-token-for-tests";

    private final TestRuntime test = TestRuntime.configured();
    private final OidcSso sso = OidcSso.over(test.runtime);

    @AfterEach
    void clearToken() {
        System.clearProperty(ScrapeAccess.TOKEN_PROPERTY);
    }

    private FakeResponse get(FakeRequest request) throws Exception {
        OidcMetricsServlet servlet = new OidcMetricsServlet(sso);
        FakeResponse response = new FakeResponse();
        servlet.service(request.request(), response.response());
        return response;
    }

    @Test
    void metricsWhenAnonymousThen401WithChallengeAndNoCounters() throws Exception {
        System.setProperty(ScrapeAccess.TOKEN_PROPERTY, ScrapeAccess.hashOf(TOKEN));

        FakeResponse response = get(FakeRequest.get(METRICS));

        assertEquals(401, response.status());
        assertFalse(response.body().contains("oidcsso_"), response.body());
    }

    @Test
    void metricsWhenWrongTokenThen401UnlessTheProductAuthenticatedASystemAdministrator() throws Exception {
        System.setProperty(ScrapeAccess.TOKEN_PROPERTY, ScrapeAccess.hashOf(TOKEN));
        test.users.admins.add("root");

        FakeResponse anonymous = get(FakeRequest.get(METRICS).header("Authorization", "OidcSsoMetrics not-the-token"));
        // The product's own personal access token of an administrator (also a Bearer header).
        FakeResponse administrator = get(FakeRequest.get(METRICS).remoteUser("root").header("Authorization",
                "Bearer the-products-own-token"));

        assertEquals(401, anonymous.status());
        assertEquals(200, administrator.status());
    }

    @Test
    void metricsWhenTokenOrSystemAdminThenOpenMetricsText() throws Exception {
        System.setProperty(ScrapeAccess.TOKEN_PROPERTY, ScrapeAccess.hashOf(TOKEN));
        test.users.admins.add("root");

        FakeResponse byToken = get(FakeRequest.get(METRICS).header("Authorization", "OidcSsoMetrics " + TOKEN));
        FakeResponse byAdmin = get(FakeRequest.get(METRICS).remoteUser("root"));

        for (FakeResponse response : new FakeResponse[] {byToken, byAdmin}) {
            assertEquals(200, response.status());
            assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", response.contentType());
            OpenMetricsChecker.parse(response.body());
        }
    }

    @Test
    void metricsWhenSignedInNotSystemAdminThenRefused() throws Exception {
        FakeResponse response = get(FakeRequest.get(METRICS).remoteUser("alice"));

        assertTrue(response.status() == 401 || response.status() == 403, "status " + response.status());
    }

    @Test
    void metricsWhenPostThen405() throws Exception {
        test.users.admins.add("root");

        assertEquals(405, get(FakeRequest.get(METRICS).method("POST").remoteUser("root")).status());
    }

    @Test
    void metricsWhenLoginSucceedsAndOneFailsThenCountersMoveByOneEach() throws Exception {
        test.users.admins.add("root");
        test.engines.engine.answer(DecisionBuilder.forUser("alice").build());
        Map<String, Double> before = scrape();

        OidcLoginFilter filter = new OidcLoginFilter(sso);
        filter.init(null);
        FakeResponse started = new FakeResponse();
        filter.doFilter(FakeRequest.get("/login").request(), started.response(), new FakeChain());
        StartedLogin login = StartedLogin.from(started);
        OidcCallbackServlet callback = new OidcCallbackServlet(sso);
        callback.init();
        FakeRequest good = login.addCookies(FakeRequest.get("/plugins/servlet/oidc-sso/callback")
                .param("state", login.state()).param("code", "c").param("iss", "http://127.0.0.2:9400"));
        callback.service(good.request(), new FakeResponse().response());
        FakeRequest replay = login.addCookies(FakeRequest.get("/plugins/servlet/oidc-sso/callback")
                .param("state", login.state()).param("code", "c").param("iss", "http://127.0.0.2:9400"));
        FakeResponse replayed = new FakeResponse();
        callback.service(replay.request(), replayed.response());
        Map<String, Double> after = scrape();

        String idp = "idp=\"" + DecisionBuilder.forUser("alice").build().idpId() + "\"";
        assertEquals(1.0, delta(before, after, "oidcsso_logins_total{result=\"success\",code=\"ok\"}"));
        assertEquals(1.0, delta(before, after, "oidcsso_pending_logins_started_total{idp=\"test\"}"));
        assertEquals(1.0, delta(before, after, "oidcsso_pending_logins_completed_total{" + idp + "}"));
        assertEquals(1.0, after.entrySet().stream()
                .filter(e -> e.getKey().startsWith("oidcsso_logins_total{result=\"failure\""))
                .mapToDouble(Map.Entry::getValue).sum(), "replay: " + replayed.body());
        assertTrue(after.keySet().stream().anyMatch(k -> k.startsWith(
                "oidcsso_engine_call_duration_seconds_count{idp=\"test\",call=\"begin_login\"")), after.toString());
    }

    @Test
    void metricsWhenBearerAccountsAnsweredThenCacheHitsMissesAndEvictionsScraped() throws Exception {
        test.users.admins.add("root");
        test.crowd.addLocalUser("alice", true);
        ExternalId identity = new ExternalId("http://127.0.0.2:9400", "alice-sub");
        test.runtime.adapters().userDirectory().link("alice", identity);
        Map<String, Double> before = scrape();

        test.runtime.bearerAccounts().find(identity);
        test.runtime.bearerAccounts().find(identity);
        test.runtime.bearerAccounts().find(identity);
        Map<String, Double> after = scrape();

        assertEquals(2.0, delta(before, after, "oidcsso_bearer_account_cache_hits_total{}"));
        assertEquals(1.0, delta(before, after, "oidcsso_bearer_account_cache_misses_total{}"));
        assertEquals(0.0, after.get("oidcsso_bearer_account_cache_evictions_total{}"), after.toString());
    }

    private Map<String, Double> scrape() throws Exception {
        FakeResponse response = get(FakeRequest.get(METRICS).remoteUser("root"));
        assertEquals(200, response.status(), response.body());
        return OpenMetricsChecker.parse(response.body());
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }
}
