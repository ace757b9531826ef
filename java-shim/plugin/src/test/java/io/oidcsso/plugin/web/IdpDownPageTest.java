package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.atlassian.CrowdLocalAccounts;
import io.oidcsso.plugin.engine.EngineInfo;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.fakes.FakeChain;
import io.oidcsso.plugin.fakes.FakeLoginEngine;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.nativebridge.OidcProviderUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code emergency.localLoginWhenIdpDown}: the 503 page of a login whose IdP is not answering
 * carries the local login form, whose POST goes through the same gate, audited {@code via="idp_down"}.
 */
class IdpDownPageTest {
    private static final String IDP = FakeLoginEngine.ROUTED_IDP;
    private static final String ENFORCED = "{\"schemaVersion\":1,\"idps\":[{\"id\":\"dev\"}],"
            + "\"routing\":{\"enforceSso\":true}}";
    private static final long NOW = 1_700_000_000L;

    private final TestRuntime test = new TestRuntime("http://localhost:8080");
    private OidcLoginFilter filter;

    IdpDownPageTest() {
        test.crowd.addLocalUser("admin", true).setPassword("admin", "admin-pw");
        test.crowd.addLocalUser("local", true).setPassword("local", "local-pw");
        test.users.admins.add("admin");
    }

    private FakeResponse run(FakeRequest request, FakeChain chain) throws Exception {
        if (filter == null) {
            filter = new OidcLoginFilter(OidcSso.over(test.runtime, new CrowdLocalAccounts(test.crowd, test.users)));
        }
        FakeResponse response = new FakeResponse();
        filter.doFilter(request.request(), response.response(), chain);
        return response;
    }

    private static EngineInfo.Idp idp(EngineInfo.CircuitState state, long failures, Long lastFailureAt) {
        return new EngineInfo.Idp(IDP, "Company SSO", "https://sso.example", null, true, false, false,
                "client_secret_basic", List.of("RS256"), new EngineInfo.Quirks(false),
                new EngineInfo.Availability(state, NOW - 30, failures, null, lastFailureAt, null, 0, 0, 16),
                EngineInfo.Fetches.NONE, EngineInfo.Fetches.NONE, false, null);
    }

    /** The IdP's circuit is open: every login start fails at once with idp_circuit_open. */
    private void circuitOpen(String document) {
        test.configStore.save(document, test.configStore.currentRevision());
        test.engines.engine.idps(idp(EngineInfo.CircuitState.OPEN, 5, NOW - 30));
        test.engines.engine.failBeginWith(new OidcProviderUnavailableException("circuit open",
                ErrorCodes.IDP_CIRCUIT_OPEN, "open since ..."));
    }

    private static String enforcedWith(String emergency) {
        return "{\"schemaVersion\":1,\"idps\":[{\"id\":\"dev\"}],\"routing\":{\"enforceSso\":true},"
                + "\"emergency\":" + emergency + "}";
    }

    private FakeResponse loginPage() throws Exception {
        FakeChain chain = new FakeChain();
        FakeResponse response = run(FakeRequest.get("/login").param("os_destination", "/browse/X-1"), chain);
        assertFalse(chain.passed(), "the plugin answers");
        return response;
    }

    private static FakeRequest formPost(String user, String password) {
        return FakeRequest.get("/login").method("POST").param(IdpDownPage.IDP_FIELD, IDP)
                .param("os_destination", "/browse/X-1").param("os_username", user).param("os_password", password);
    }

    @Test
    void loginPageWhenIdpCircuitOpenAndSsoEnforcedThen503WithBannerAndTheFormToTheLoginPage() throws Exception {
        circuitOpen(ENFORCED);
        FakeResponse response = loginPage();

        assertEquals(503, response.status());
        String body = response.body();
        assertTrue(body.contains("Company SSO is not answering; administrators can sign in with their local password."),
                body);
        assertTrue(body.contains("<form id=\"oidcsso-local-form\" method=\"post\" action=\"/login\">"), body);
        assertTrue(body.contains("name=\"" + IdpDownPage.IDP_FIELD + "\" value=\"" + IDP + "\""), body);
        assertTrue(body.contains("name=\"os_destination\" value=\"/browse/X-1\""), body);
        assertTrue(body.contains("name=\"os_password\" type=\"password\""), body);
        assertTrue(body.contains("idp_circuit_open"), body);
        assertTrue(body.contains("/login?oidcsso_local=true"), "the product's own form stays one click away");
        assertFalse(body.contains("open since"), "the admin hint stays in the log");
        assertTrue(response.header("Content-Security-Policy").contains("form-action 'self'"));
    }

    @Test
    void loginPageWhenSsoNotEnforcedThenEveryoneIsOfferedTheForm() throws Exception {
        circuitOpen(TestRuntime.CONFIG);
        String body = loginPage().body();
        assertTrue(body.contains("Company SSO is not answering; you can sign in with your local password."), body);
    }

    @Test
    void loginPageWhenSettingOffOrNobodyCouldLogInFromHereOrAnotherFailureThenTheOrdinaryPage() throws Exception {
        String[] documents = {
            enforcedWith("{\"localLoginWhenIdpDown\":false}"),
            enforcedWith("{\"allowedNetworks\":[\"10.0.0.0/8\"]}"),
            enforcedWith("{\"enabled\":false}"),
        };
        for (String document : documents) {
            circuitOpen(document);
            filter = null;
            FakeResponse response = loginPage();
            assertEquals(503, response.status(), document);
            assertFalse(response.body().contains("oidcsso-local-form"), document + ": " + response.body());
            assertTrue(response.body().contains("oidcsso_local=true"), "the ordinary page's link: " + document);
        }
        circuitOpen(ENFORCED);
        test.engines.engine.failBeginWith(new OidcProviderUnavailableException("bad document",
                ErrorCodes.DISCOVERY_FAILED, "not JSON"));
        filter = null;
        FakeResponse answered = loginPage();
        assertFalse(answered.body().contains("oidcsso-local-form"), "an IdP that answers wrongly is not down");
    }

    @Test
    void formWhenPostedWhileIdpDownThenSameGateAndAuditedViaIdpDown() throws Exception {
        circuitOpen(ENFORCED);

        FakeChain refusedChain = new FakeChain();
        FakeRequest refused = formPost("local", "local-pw");
        FakeResponse response = run(refused, refusedChain);
        assertFalse(refusedChain.passed(), "the product never saw the non-administrator's password");
        assertEquals(403, response.status());
        assertTrue(response.body().contains("data-reason=\"not_in_allowed_groups\""), response.body());
        assertNull(refused.request().getSession(false), "no session");

        FakeChain allowedChain = new FakeChain();
        run(formPost("admin", "admin-pw"), allowedChain);
        assertTrue(allowedChain.passed(), "the administrator's login goes on to the product");

        List<String> audit = test.audit();
        assertEquals(1, audit.stream().filter(l -> l.contains("event=local_login.refused user=\"local\"")
                && l.contains("reason=\"not_in_allowed_groups\" via=\"idp_down\" idp=\"" + IDP + "\"")).count(), audit.toString());
        assertEquals(1, audit.stream().filter(l -> l.contains("event=local_login.allowed user=\"admin\"")
                && l.contains("reason=\"allowed\" via=\"idp_down\" idp=\"" + IDP + "\"")).count(), audit.toString());
    }

    @Test
    void formWhenPostedWhileIdpAnswersThenSameGateWithoutTheIdpDownAudit() throws Exception {
        test.configStore.save(ENFORCED, 0);
        test.engines.engine.idps(idp(EngineInfo.CircuitState.CLOSED, 0, null));

        FakeChain chain = new FakeChain();
        run(formPost("admin", "admin-pw"), chain);
        assertTrue(chain.passed());
        List<String> audit = test.audit();
        assertEquals(1, audit.stream().filter(l -> l.contains("event=local_login.allowed user=\"admin\"")).count());
        assertTrue(audit.stream().noneMatch(l -> l.contains("idp_down")), "a field any client can send: " + audit);
    }

    @Test
    void isDownWhenCircuitOpenOrFailingOrFailedRecentlyThenTrueElseFalse() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
        EngineInfo.Idp open = idp(EngineInfo.CircuitState.OPEN, 0, null);
        EngineInfo.Idp failing = idp(EngineInfo.CircuitState.CLOSED, 2, NOW - 3_600);
        EngineInfo.Idp recent = idp(EngineInfo.CircuitState.CLOSED, 0, NOW - IdpDownPage.RECENT_FAILURE_SECONDS);
        EngineInfo.Idp old = idp(EngineInfo.CircuitState.CLOSED, 0, NOW - IdpDownPage.RECENT_FAILURE_SECONDS - 1);
        EngineInfo.Idp healthy = idp(EngineInfo.CircuitState.CLOSED, 0, null);
        for (EngineInfo.Idp down : List.of(open, failing, recent)) {
            assertTrue(IdpDownPage.isDown(info(down), IDP, clock), down.availability().toString());
        }
        for (EngineInfo.Idp up : List.of(old, healthy)) {
            assertFalse(IdpDownPage.isDown(info(up), IDP, clock), up.availability().toString());
        }
        assertFalse(IdpDownPage.isDown(info(open), "another", clock), "an id no IdP has");
    }

    private static EngineInfo info(EngineInfo.Idp idp) {
        return new EngineInfo(1, 600, "http://localhost:8080/plugins/servlet/oidc-sso/callback", List.of(idp), "sso-sessions");
    }
}
