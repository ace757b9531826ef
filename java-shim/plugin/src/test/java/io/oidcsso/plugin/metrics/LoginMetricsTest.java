package io.oidcsso.plugin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.EngineInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginMetricsTest {
    private static EngineInfo.Idp idp(String id, EngineInfo.CircuitState state) {
        return idp(id, state, EngineInfo.Fetches.NONE, EngineInfo.Fetches.NONE);
    }

    private static EngineInfo.Idp idp(String id, EngineInfo.CircuitState state, EngineInfo.Fetches discovery,
            EngineInfo.Fetches jwks) {
        return idp(id, state, discovery, jwks, null);
    }

    private static EngineInfo.Idp idp(String id, EngineInfo.CircuitState state, EngineInfo.Fetches discovery,
            EngineInfo.Fetches jwks, EngineInfo.Introspections introspections) {
        return new EngineInfo.Idp(id, id, "https://idp.example/" + id, null, true, false, false,
                "client_secret_basic", List.of("RS256"), new EngineInfo.Quirks(false),
                new EngineInfo.Availability(state, 1_700_000_000L, 3, null, null, null, 0, 2, 16), discovery, jwks,
                introspections != null, introspections);
    }

    @Test
    void renderWhenNothingRecordedThenValidWithFamiliesAndEof() {
        String text = new LoginMetrics().render(null);

        Map<String, Double> samples = OpenMetricsChecker.parse(text);

        assertTrue(samples.isEmpty(), text);
        assertTrue(text.contains("# TYPE oidcsso_logins counter\n"), text);
        assertTrue(text.endsWith("# EOF\n"));
    }

    @Test
    void renderWhenAccountCacheCountsGivenThenThreeUnlabelledCountersEachUnderItsFamily() {
        String text = new LoginMetrics().render(null, new AccountCacheCounts(7, 3, 10_000));

        Map<String, Double> samples = OpenMetricsChecker.parse(text);

        assertEquals(7.0, samples.get("oidcsso_bearer_account_cache_hits_total{}"));
        assertEquals(3.0, samples.get("oidcsso_bearer_account_cache_misses_total{}"));
        assertEquals(10_000.0, samples.get("oidcsso_bearer_account_cache_evictions_total{}"));
        assertTrue(text.contains("# TYPE oidcsso_bearer_account_cache_evictions counter\n"), text);
    }

    @Test
    void renderWhenNoAccountCacheCountsThenFamiliesWithoutSamples() {
        String text = new LoginMetrics().render(null);

        assertTrue(text.contains("# TYPE oidcsso_bearer_account_cache_hits counter\n"), text);
        assertFalse(OpenMetricsChecker.parse(text).keySet().stream().anyMatch(k -> k.startsWith("oidcsso_bearer")));
    }

    @Test
    void renderWhenLoginsRecordedThenCountsByResultCodeAndIdp() {
        LoginMetrics metrics = new LoginMetrics();
        metrics.pendingStarted("dev");
        metrics.pendingStarted("dev");
        metrics.loginSucceeded("dev");
        metrics.loginFailed(LoginMetrics.Result.FAILURE, "invalid_state");
        metrics.loginFailed(LoginMetrics.Result.FAILURE, "invalid_state");
        metrics.loginFailed(LoginMetrics.Result.REJECTED, "idp_unavailable");

        Map<String, Double> samples = OpenMetricsChecker.parse(metrics.render(null));

        assertEquals(1.0, samples.get("oidcsso_logins_total{result=\"success\",code=\"ok\"}"));
        assertEquals(2.0, samples.get("oidcsso_logins_total{result=\"failure\",code=\"invalid_state\"}"));
        assertEquals(1.0, samples.get("oidcsso_logins_total{result=\"rejected\",code=\"idp_unavailable\"}"));
        assertEquals(2.0, samples.get("oidcsso_pending_logins_started_total{idp=\"dev\"}"));
        assertEquals(1.0, samples.get("oidcsso_pending_logins_completed_total{idp=\"dev\"}"));
    }

    @Test
    void renderWhenCallsTimedThenCumulativeHistogramPerIdpCallAndOutcome() {
        LoginMetrics metrics = new LoginMetrics();
        metrics.engineCall(LoginMetrics.Call.COMPLETE_LOGIN, "dev", true, 30_000_000L);
        metrics.engineCall(LoginMetrics.Call.COMPLETE_LOGIN, "dev", true, 700_000_000L);
        metrics.engineCall(LoginMetrics.Call.COMPLETE_LOGIN, null, false, 60_000_000_000L);

        Map<String, Double> samples = OpenMetricsChecker.parse(metrics.render(null));

        String ok = "idp=\"dev\",call=\"complete_login\",outcome=\"ok\"";
        assertEquals(0.0, samples.get("oidcsso_engine_call_duration_seconds_bucket{" + ok + ",le=\"0.025\"}"));
        assertEquals(1.0, samples.get("oidcsso_engine_call_duration_seconds_bucket{" + ok + ",le=\"0.05\"}"));
        assertEquals(2.0, samples.get("oidcsso_engine_call_duration_seconds_bucket{" + ok + ",le=\"1.0\"}"));
        assertEquals(2.0, samples.get("oidcsso_engine_call_duration_seconds_count{" + ok + "}"));
        assertEquals(0.73, samples.get("oidcsso_engine_call_duration_seconds_sum{" + ok + "}"), 1e-9);
        String failed = "idp=\"\",call=\"complete_login\",outcome=\"error\"";
        assertEquals(0.0, samples.get("oidcsso_engine_call_duration_seconds_bucket{" + failed + ",le=\"30.0\"}"));
        assertEquals(1.0, samples.get("oidcsso_engine_call_duration_seconds_bucket{" + failed + ",le=\"+Inf\"}"));
    }

    @Test
    void renderWhenEngineInfoThenCircuitGaugesPerIdpWithEscapedIds() {
        EngineInfo info = new EngineInfo(1, 600, "https://jira.example/cb", List.of(
                idp("corp", EngineInfo.CircuitState.OPEN), idp("we\"ird\\id", EngineInfo.CircuitState.CLOSED)), "sso-sessions");

        Map<String, Double> samples = OpenMetricsChecker.parse(new LoginMetrics().render(info));

        assertEquals(1.0, samples.get("oidcsso_idp_circuit_open{idp=\"corp\"}"));
        assertEquals(0.0, samples.get("oidcsso_idp_circuit_open{idp=\"we\\\"ird\\\\id\"}"));
        assertEquals(3.0, samples.get("oidcsso_idp_consecutive_failures{idp=\"corp\"}"));
        assertEquals(2.0, samples.get("oidcsso_idp_logins_in_flight{idp=\"corp\"}"));
    }

    @Test
    void renderWhenEngineCountsFetchesThenCountersPerIdpAndResult() {
        EngineInfo info = new EngineInfo(1, 600, "https://jira.example/cb", List.of(
                idp("corp", EngineInfo.CircuitState.CLOSED, new EngineInfo.Fetches(3, 1), new EngineInfo.Fetches(5, 2)),
                idp("kc", EngineInfo.CircuitState.OPEN, EngineInfo.Fetches.NONE, new EngineInfo.Fetches(0, 7))), "sso-sessions");

        String text = new LoginMetrics().render(info);
        Map<String, Double> samples = OpenMetricsChecker.parse(text);

        assertTrue(text.contains("# TYPE oidcsso_discovery_fetches counter\n"), text);
        assertTrue(text.contains("# TYPE oidcsso_jwks_fetches counter\n"), text);
        assertEquals(3.0, samples.get("oidcsso_discovery_fetches_total{idp=\"corp\",result=\"ok\"}"));
        assertEquals(1.0, samples.get("oidcsso_discovery_fetches_total{idp=\"corp\",result=\"failed\"}"));
        assertEquals(5.0, samples.get("oidcsso_jwks_fetches_total{idp=\"corp\",result=\"ok\"}"));
        assertEquals(2.0, samples.get("oidcsso_jwks_fetches_total{idp=\"corp\",result=\"failed\"}"));
        assertEquals(0.0, samples.get("oidcsso_discovery_fetches_total{idp=\"kc\",result=\"ok\"}"),
                "an IdP not fetched yet still has its series");
        assertEquals(7.0, samples.get("oidcsso_jwks_fetches_total{idp=\"kc\",result=\"failed\"}"));
        assertFalse(new LoginMetrics().render(null).contains("oidcsso_jwks_fetches_total"), "no engine: no series");
    }

    @Test
    void renderWhenIdpIntrospectsThenCountersByResultAndCacheHitsOnlyForIt() {
        EngineInfo info = new EngineInfo(1, 600, "https://jira.example/cb", List.of(
                idp("corp", EngineInfo.CircuitState.CLOSED, EngineInfo.Fetches.NONE, EngineInfo.Fetches.NONE,
                        new EngineInfo.Introspections(7, 3, 1, 40)),
                idp("kc", EngineInfo.CircuitState.CLOSED)), "sso-sessions");

        String text = new LoginMetrics().render(info);
        Map<String, Double> samples = OpenMetricsChecker.parse(text);

        assertTrue(text.contains("# TYPE oidcsso_introspections counter\n"), text);
        assertTrue(text.contains("# TYPE oidcsso_introspection_cache_hits counter\n"), text);
        assertEquals(7.0, samples.get("oidcsso_introspections_total{idp=\"corp\",result=\"active\"}"));
        assertEquals(3.0, samples.get("oidcsso_introspections_total{idp=\"corp\",result=\"inactive\"}"));
        assertEquals(1.0, samples.get("oidcsso_introspections_total{idp=\"corp\",result=\"failed\"}"));
        assertEquals(40.0, samples.get("oidcsso_introspection_cache_hits_total{idp=\"corp\"}"));
        assertFalse(samples.keySet().stream().anyMatch(k -> k.contains("idp=\"kc\"") && k.contains("introspect")),
                "an IdP that does not introspect has no introspection series: " + samples.keySet());
    }

    @Test
    void loginFailedWhenCodeIsFreeTextOrTooManyCodesThenOther() {
        LoginMetrics metrics = new LoginMetrics();
        metrics.loginFailed(LoginMetrics.Result.FAILURE, "alice@example.com said \"no\"");
        metrics.loginFailed(LoginMetrics.Result.FAILURE, null);
        for (int i = 0; i < LoginMetrics.MAX_CODES + 50; i++) {
            metrics.loginFailed(LoginMetrics.Result.FAILURE, "code_" + i);
        }
        metrics.loginFailed(LoginMetrics.Result.FAILURE, "code_1");

        String text = metrics.render(null);
        Map<String, Double> samples = OpenMetricsChecker.parse(text);

        assertFalse(text.contains("alice"), "no free text in a label");
        long series = samples.keySet().stream().filter(k -> k.startsWith("oidcsso_logins_total")).count();
        assertTrue(series <= LoginMetrics.MAX_CODES + 1, "series: " + series);
        assertEquals(2.0, samples.get("oidcsso_logins_total{result=\"failure\",code=\"code_1\"}"),
                "a code already kept is still counted under its name");
        assertTrue(samples.get("oidcsso_logins_total{result=\"failure\",code=\"other\"}") >= 52.0);
    }

    @Test
    void checkerWhenFormatBrokenThenRefusesEachWithItsRule() {
        String good = "# TYPE a counter\n# HELP a x\na_total 1\n# EOF\n";
        assertEquals(Map.of("a_total{}", 1.0), OpenMetricsChecker.parse(good));
        List<String> broken = List.of(
                "# TYPE a counter\na_total 1\n",
                "# TYPE a counter\na_total 1\n# EOF\n\n",
                "# TYPE a counter\na 1\n# EOF\n",
                "a_total 1\n# EOF\n",
                "# TYPE a counter\na_total{x=\"1\",x=\"2\"} 1\n# EOF\n",
                "# TYPE a counter\na_total{x=\"bad\\q\"} 1\n# EOF\n",
                "# TYPE a counter\na_total -1\n# EOF\n",
                "# TYPE a counter\na_total 1\na_total 2\n# EOF\n",
                "# TYPE a counter\na_total one\n# EOF\n",
                "# TYPE a counter\n# TYPE b gauge\nb 1\n# TYPE a counter\n# EOF\n",
                "# TYPE a_seconds histogram\n# UNIT a_seconds bytes\n# EOF\n",
                "# TYPE h histogram\nh_bucket{le=\"1.0\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n# EOF\n",
                "# TYPE h histogram\nh_bucket{le=\"1.0\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_count 2\nh_sum 1\n# EOF\n",
                "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n# EOF\n",
                "# TYPE g gauge\ng{le=\"1\"} 1\n# EOF\n");
        for (String text : broken) {
            assertThrows(IllegalArgumentException.class, () -> OpenMetricsChecker.parse(text), text);
        }
    }
}
