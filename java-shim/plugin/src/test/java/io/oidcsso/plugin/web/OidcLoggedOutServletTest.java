package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.RenderRequest;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.nativebridge.OidcInternalException;
import org.junit.jupiter.api.Test;

class OidcLoggedOutServletTest {
    private static final String PATH = "/plugins/servlet/oidc-sso/logged-out";

    private final TestRuntime test = TestRuntime.configured();

    private static FakeResponse get(TestRuntime runtime, FakeRequest request) throws Exception {
        OidcLoggedOutServlet servlet = new OidcLoggedOutServlet(OidcSso.over(runtime.runtime));
        servlet.init();
        FakeResponse response = new FakeResponse();
        servlet.service(request.request(), response.response());
        return response;
    }

    private static void assertPageHeaders(FakeResponse response) {
        assertEquals("text/html;charset=UTF-8", response.contentType());
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals(LoginPages.CSP, response.header("Content-Security-Policy"));
    }

    @Test
    void loggedOutWhenEngineRendersThenEnginesLogoutPageWith200NoStoreAndNoSession() throws Exception {
        test.runtime.activeEngine().orElseThrow();
        FakeRequest request = FakeRequest.get(PATH).contextPath("/jira");
        FakeResponse response = get(test, request);

        assertEquals(200, response.status());
        assertPageHeaders(response);
        assertTrue(response.body().contains("<p>logout</p>"), response.body());
        assertEquals(1, test.engines.engine.loginUiRequests.size());
        RenderRequest render = test.engines.engine.renderRequests().get(0);
        assertEquals(RenderRequest.Page.LOGOUT, render.page());
        assertEquals("/jira", render.contextPath());
        assertEquals("/login", render.loginPath());
        assertNull(render.returnTo(), "no return URL reaches the page");
        assertNull(request.fakeSession(), "no session is created");
    }

    @Test
    void loggedOutWhenRedirectParametersGivenThenOnlyToTheBarePageNeverElsewhere() throws Exception {
        test.runtime.activeEngine().orElseThrow();
        String evil = "post_logout_redirect_uri=https://evil.example/&os_destination=https://evil.example/"
                + "&target_link_uri=https://evil.example/";
        FakeRequest request = FakeRequest.get(PATH).contextPath("/jira").query(evil)
                .param("post_logout_redirect_uri", "https://evil.example/")
                .param("os_destination", "https://evil.example/").param("target_link_uri", "https://evil.example/");
        FakeResponse response = get(test, request);

        assertEquals(303, response.status());
        assertEquals("/jira" + PATH, response.header("Location"));
        assertEquals("no-store", response.header("Cache-Control"));
        assertFalse(response.body().contains("evil.example"), response.body());
        assertTrue(test.engines.engine.loginUiRequests.isEmpty());
    }

    @Test
    void loggedOutWhenIdpAppendsStateThenSentToTheBarePageWhichRendersTheSignedOutPage() throws Exception {
        // Issue 16 item 1: after logout the browser shows the page's own address, without `state`.
        test.runtime.activeEngine().orElseThrow();
        FakeResponse redirected = get(test, FakeRequest.get(PATH).query("state=abc123").param("state", "abc123"));
        assertEquals(303, redirected.status());
        assertEquals(PATH, redirected.header("Location"));

        FakeResponse page = get(test, FakeRequest.get(PATH));
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<p>logout</p>"), page.body());
    }

    @Test
    void loggedOutWhenRenderingFailsThenBuiltInPageWithLoginAndHomeLinks() throws Exception {
        test.runtime.activeEngine().orElseThrow();
        test.engines.engine.failRenderWith(new OidcInternalException("broken",
                ErrorCodes.INTERNAL_ERROR, "built-in logout page: broken"));
        FakeResponse response = get(test, FakeRequest.get(PATH).contextPath("/jira"));

        assertEquals(200, response.status());
        assertPageHeaders(response);
        assertTrue(response.body().contains("You are signed out."), response.body());
        assertTrue(response.body().contains("href=\"/jira/login\""), response.body());
        assertTrue(response.body().contains("href=\"/jira/\""), response.body());
    }

    @Test
    void loggedOutWhenNoEngineThenBuiltInPageWith200() throws Exception {
        TestRuntime unconfigured = new TestRuntime("http://localhost:8080");
        FakeResponse response = get(unconfigured, FakeRequest.get(PATH));

        assertEquals(200, response.status());
        assertPageHeaders(response);
        assertTrue(response.body().contains("You are signed out."), response.body());
        assertTrue(response.body().contains("href=\"/login\""), response.body());
        assertTrue(response.body().contains("href=\"/\""), response.body());
        assertTrue(unconfigured.engines.engine.loginUiRequests.isEmpty());
    }

    @Test
    void loggedOutWhenServletOutOfServiceThen503FriendlyPageWithHomeLink() throws Exception {
        OidcLoggedOutServlet servlet = new OidcLoggedOutServlet(OidcSso.over(test.runtime));
        servlet.init();
        servlet.destroy();
        FakeResponse response = new FakeResponse();
        servlet.service(FakeRequest.get(PATH).request(), response.response());

        assertEquals(503, response.status());
        assertPageHeaders(response);
        assertTrue(response.body().contains("You are signed out."), response.body());
        assertTrue(response.body().contains("href=\"/\""), response.body());
    }

    @Test
    void loggedOutWhenPostThen405() throws Exception {
        FakeResponse response = get(test, FakeRequest.get(PATH).method("POST"));

        assertEquals(405, response.status());
        assertTrue(test.engines.engine.loginUiRequests.isEmpty());
    }
}
