package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.fakes.FakeChain;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.nativebridge.OidcConfigException;
import org.junit.jupiter.api.Test;

/** Discovery problems are configuration errors: a 503 "misconfigured" page with the code, hint in the log. */
class MisconfiguredPageTest {
    private static final String HINT = "issuer mismatch: expected `http://idp` (found `http://idp/`)";

    private final TestRuntime test = TestRuntime.configured();

    @Test
    void renderMisconfiguredWhenCalledThen503TitleCodeReferenceAndLocalLogin() throws Exception {
        FakeResponse response = new FakeResponse();

        new FailurePage("/login").renderMisconfigured(FakeRequest.get("/login").request(), response.response(),
                "discovery_issuer_mismatch", "REF123");

        assertEquals(503, response.status());
        assertTrue(response.body().contains(FailurePage.MISCONFIGURED_TITLE));
        assertTrue(response.body().contains("discovery_issuer_mismatch") && response.body().contains("REF123"));
        assertTrue(response.body().contains("/login?oidcsso_local=true"));
        assertEquals("no-store", response.header("Cache-Control"));
    }

    @Test
    void loginPageWhenDiscoveryContradictsConfigurationThen503MisconfiguredAndHintOnlyInLog() throws Exception {
        test.engines.engine.failBeginWith(new OidcConfigException(HINT, "[]",
                ErrorCodes.DISCOVERY_ISSUER_MISMATCH));
        OidcLoginFilter filter = new OidcLoginFilter(OidcSso.over(test.runtime));
        filter.init(null);
        FakeChain chain = new FakeChain();
        FakeResponse response = new FakeResponse();

        filter.doFilter(FakeRequest.get("/login").request(), response.response(), chain);

        assertFalse(chain.passed());
        assertEquals(503, response.status());
        assertTrue(response.body().contains(FailurePage.MISCONFIGURED_TITLE), response.body());
        assertTrue(response.body().contains("discovery_issuer_mismatch"));
        assertFalse(response.body().contains("found"), "the admin hint stays in the log");
        assertTrue(test.audit().stream().anyMatch(l -> l.contains("login.rejected")
                && l.contains("discovery_issuer_mismatch")), String.valueOf(test.audit()));
    }
}
