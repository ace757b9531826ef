package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.logout.OidcSession;
import io.oidcsso.plugin.logout.Revocations;
import org.junit.jupiter.api.Test;

class FrontchannelLogoutServletTest {
    private static final String ISSUER = BackchannelLogoutServletTest.ISSUER;

    private final TestRuntime test = TestRuntime.configured();

    private FakeResponse get(FakeRequest request) throws Exception {
        test.engines.engine.issuers(ISSUER);
        FrontchannelLogoutServlet servlet = new FrontchannelLogoutServlet(OidcSso.over(test.runtime));
        servlet.init();
        FakeResponse response = new FakeResponse();
        servlet.service(request.request(), response.response());
        return response;
    }

    private static FakeRequest frontchannel(String iss, String sid) {
        FakeRequest request = FakeRequest.get("/plugins/servlet/oidc-sso/frontchannel-logout");
        if (iss != null) {
            request.param("iss", iss);
        }
        return sid == null ? request : request.param("sid", sid);
    }

    private boolean revoked(String iss, String sid) {
        return new Revocations(test.clusterState, test.clock)
                .isRevoked(new OidcSession("dev", iss, "anyone", sid, test.clock.millis() - 1, null));
    }

    @Test
    void frontchannelWhenIssAndSidOfConfiguredIdpThenRevokedOnTheServerAnd200NoStore() throws Exception {
        FakeResponse response = get(frontchannel(ISSUER, "sid-1"));

        assertEquals(200, response.status());
        assertEquals("no-cache, no-store", response.header("Cache-Control"));
        assertTrue(revoked(ISSUER, "sid-1"), "revoked by (iss, sid) without the browser's cookie");
        assertFalse(revoked(ISSUER, "sid-2"));
    }

    @Test
    void frontchannelWhenIssNotConfiguredThen400AndNothingRevoked() throws Exception {
        FakeResponse response = get(frontchannel("https://evil.example", "sid-1"));

        assertEquals(400, response.status());
        assertEquals("no-cache, no-store", response.header("Cache-Control"));
        assertTrue(response.body().contains("unknown_logout_issuer"));
        assertFalse(revoked("https://evil.example", "sid-1"));
    }

    @Test
    void frontchannelWhenIssTrailingSlashThen400() throws Exception {
        assertEquals(400, get(frontchannel(ISSUER + "/", "sid-1")).status());
        assertFalse(revoked(ISSUER + "/", "sid-1"));
    }

    @Test
    void frontchannelWhenSidOrIssMissingThen400() throws Exception {
        assertEquals(400, get(frontchannel(ISSUER, null)).status());
        assertEquals(400, get(frontchannel(null, "sid-1")).status());
        assertEquals(400, get(frontchannel(ISSUER, "a\nb")).status());
    }
}
