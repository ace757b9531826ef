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

    /** A login of this deployment with {@code sid}, as the callback lists it. */
    private void liveSession(String iss, String sid) {
        assertTrue(new Revocations(test.clusterState, test.liveSessions, test.clock)
                .recordLogin(new OidcSession("dev", iss, "alice-sub", sid, test.clock.millis() - 1)));
    }

    private static FakeRequest perIdp(String idpId, String sid) {
        return FakeRequest.get("/plugins/servlet/oidc-sso/frontchannel-logout/" + idpId).param("sid", sid);
    }

    private boolean revoked(String iss, String sid) {
        return new Revocations(test.clusterState, test.liveSessions, test.clock)
                .isRevoked(new OidcSession("dev", iss, "anyone", sid, test.clock.millis() - 1));
    }

    @Test
    void frontchannelWhenIssAndSidOfConfiguredIdpThenRevokedOnTheServerAnd200NoStore() throws Exception {
        liveSession(ISSUER, "sid-1");
        liveSession(ISSUER, "sid-2");
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

    @Test
    void frontchannelWhenSidOfNoLiveSessionThen400UnknownSessionAndNothingStored() throws Exception {
        FakeResponse response = get(frontchannel(ISSUER, "sid-made-up"));

        assertEquals(400, response.status());
        assertTrue(response.body().contains("unknown_session"), response.body());
        assertFalse(revoked(ISSUER, "sid-made-up"));
        assertEquals(0, test.clusterState.size(), "an anonymous request writes nothing to the shared store");
    }

    @Test
    void frontchannelWhenFloodOfMadeUpSidsThenStoreStaysEmptyAndBackchannelStillRecords() throws Exception {
        for (int i = 0; i < 5 * test.clusterState.capacity(); i++) {
            assertEquals(400, get(frontchannel(ISSUER, "random-" + i)).status());
        }

        assertEquals(0, test.clusterState.size());
        assertTrue(new Revocations(test.clusterState, test.liveSessions, test.clock).revoke(ISSUER, "alice-sub", null),
                "a back-channel logout still finds room");
    }

    @Test
    void frontchannelWhenPathNamesIdpAndOnlySidGivenThenRevokedForThatIdpsIssuer() throws Exception {
        liveSession(ISSUER, "entra-sid");

        FakeResponse response = get(perIdp("dev", "entra-sid"));

        assertEquals(200, response.status(), response.body());
        assertTrue(revoked(ISSUER, "entra-sid"));
    }

    @Test
    void frontchannelWhenPathNamesUnknownIdpThen400UnknownIdp() throws Exception {
        liveSession(ISSUER, "sid-1");

        FakeResponse response = get(perIdp("nope", "sid-1"));

        assertEquals(400, response.status());
        assertTrue(response.body().contains("unknown_idp"), response.body());
        assertFalse(revoked(ISSUER, "sid-1"));
    }

    @Test
    void frontchannelWhenPathIdpAndIssOfAnotherIssuerThen400() throws Exception {
        liveSession(ISSUER, "sid-1");

        FakeResponse response = get(perIdp("dev", "sid-1").param("iss", "https://evil.example"));

        assertEquals(400, response.status());
        assertTrue(response.body().contains("unknown_logout_issuer"), response.body());
        assertFalse(revoked(ISSUER, "sid-1"));
    }

    @Test
    void frontchannelWhenPathNamesIdpButNoSidThen400() throws Exception {
        assertEquals(400, get(FakeRequest.get("/plugins/servlet/oidc-sso/frontchannel-logout/dev")).status());
    }
}
