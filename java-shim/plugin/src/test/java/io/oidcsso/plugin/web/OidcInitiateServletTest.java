package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.BeginLoginRequest;
import io.oidcsso.plugin.fakes.FakeLoginEngine;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import org.junit.jupiter.api.Test;

class OidcInitiateServletTest {
    private static final String ISSUER = "https://kc.example/realms/main";

    private final TestRuntime test = TestRuntime.configured();

    private FakeResponse initiate(FakeRequest request) throws Exception {
        test.runtime.activeEngine().orElseThrow();
        test.engines.engine.idpForIssuer(ISSUER, "kc");
        OidcInitiateServlet servlet = new OidcInitiateServlet(OidcSso.over(test.runtime));
        servlet.init();
        FakeResponse response = new FakeResponse();
        servlet.doGet(request.path("/plugins/servlet/oidc-sso/initiate").request(), response.response());
        return response;
    }

    private BeginLoginRequest begin() {
        return test.engines.engine.beginRequests.get(0);
    }

    @Test
    void initiateWhenIssuerKnownThenLoginStartsAtThatIdpReturningToTarget() throws Exception {
        FakeResponse response = initiate(new FakeRequest().param("iss", ISSUER)
                .param("target_link_uri", "http://localhost:8080/secure/dashboard"));

        assertEquals(302, response.status());
        assertEquals(FakeLoginEngine.AUTHORIZATION_ENDPOINT + "?state=state-1", response.redirect());
        assertEquals("kc", begin().idpId());
        assertEquals("/secure/dashboard", begin().returnTo());
        assertEquals(ISSUER, test.engines.engine.routeQuestions().get(0).issuer());
        assertTrue(response.headers("Set-Cookie").get(0).startsWith("OIDCSSO_PL0=1."));
    }

    @Test
    void initiateWhenIssuerUnknownThen400PageWithUnknownIssuer() throws Exception {
        FakeResponse response = initiate(new FakeRequest().param("iss", ISSUER + "/"));

        assertEquals(400, response.status());
        assertTrue(response.body().contains("unknown_issuer"), response.body());
        assertTrue(test.engines.engine.beginRequests.isEmpty());
    }

    @Test
    void initiateWhenIssuerMissingThen400PageWithUnknownIssuer() throws Exception {
        FakeResponse response = initiate(new FakeRequest());

        assertEquals(400, response.status());
        assertTrue(response.body().contains("unknown_issuer"), response.body());
    }

    @Test
    void initiateWhenTargetLinkUriOffSiteThenReturnToIsTheRoot() throws Exception {
        FakeResponse response = initiate(new FakeRequest().param("iss", ISSUER)
                .param("target_link_uri", "https://evil.example/secure/dashboard"));

        assertEquals(302, response.status());
        assertEquals("/", test.engines.engine.routeQuestions().get(0).path());
        assertNull(begin().returnTo(), "no return URL: the user lands on /");
    }

    @Test
    void initiateWhenNoEngineThen503() throws Exception {
        TestRuntime unconfigured = new TestRuntime("http://localhost:8080");
        OidcInitiateServlet servlet = new OidcInitiateServlet(OidcSso.over(unconfigured.runtime));
        servlet.init();
        FakeResponse response = new FakeResponse();
        servlet.doGet(new FakeRequest().param("iss", ISSUER).request(), response.response());
        assertEquals(503, response.status());
    }
}
