package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.atlassian.ProductWebSudo;
import io.oidcsso.plugin.engine.BeginLoginRequest;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.fakes.DecisionBuilder;
import io.oidcsso.plugin.fakes.FakeChain;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.FakeSession;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.host.WebSudoStarter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

class WebSudoViaIdpTest {
    private static final String PAGE = "/secure/websudo";
    private static final String CALLBACK = "/plugins/servlet/oidc-sso/callback";

    private final TestRuntime test = TestRuntime.configured();
    private final FakeStarter starter = new FakeStarter();
    private final OidcSso sso = OidcSso.over(test.runtime,
            new ProductWebSudo(Set.of(PAGE), "os_destination", starter));

    /** Counts the websudo sessions it started; unavailable when {@code reason} is set. */
    static final class FakeStarter implements WebSudoStarter {
        int started;
        String reason;

        @Override
        public Optional<String> unavailableReason() {
            return Optional.ofNullable(reason);
        }

        @Override
        public void start(HttpServletRequest request, HttpServletResponse response) {
            started++;
        }
    }

    private FakeResponse filter(FakeRequest request, FakeChain chain) throws Exception {
        OidcLoginFilter filter = new OidcLoginFilter(sso);
        filter.init(null);
        FakeResponse response = new FakeResponse();
        filter.doFilter(request.request(), response.response(), chain);
        return response;
    }

    private FakeResponse callback(StartedLogin login, FakeSession session) throws Exception {
        FakeRequest request = login.addCookies(FakeRequest.get(CALLBACK).param("state", login.state())
                .param("code", "the-code").param("iss", "http://127.0.0.2:9400"));
        if (session != null) {
            request.session(session);
        }
        OidcCallbackServlet servlet = new OidcCallbackServlet(sso);
        servlet.init();
        FakeResponse response = new FakeResponse();
        servlet.service(request.request(), response.response());
        return response;
    }

    /** Alice signed in through SSO: her session. */
    private FakeSession ssoSession() throws Exception {
        test.engines.engine.answer(DecisionBuilder.forUser("alice").groups("jira-users").build());
        StartedLogin login = StartedLogin.from(filter(FakeRequest.get("/login"), new FakeChain()));
        FakeRequest request = login.addCookies(FakeRequest.get(CALLBACK).param("state", login.state())
                .param("code", "the-code").param("iss", "http://127.0.0.2:9400"));
        OidcCallbackServlet servlet = new OidcCallbackServlet(sso);
        servlet.init();
        servlet.service(request.request(), new FakeResponse().response());
        return request.fakeSession();
    }

    private FakeRequest websudoPage(FakeSession session) {
        return FakeRequest.get(PAGE).param("os_destination", "/plugins/servlet/admin?tab=1").session(session);
    }

    private BeginLoginRequest lastBegin() {
        List<BeginLoginRequest> begun = test.engines.engine.beginRequests;
        return begun.get(begun.size() - 1);
    }

    @Test
    void websudoPageWhenSsoSessionThenSentToItsIdpForReauthenticationToTheDestination() throws Exception {
        FakeSession session = ssoSession();
        FakeChain chain = new FakeChain();

        FakeResponse response = filter(websudoPage(session), chain);

        assertEquals(302, response.status());
        assertFalse(chain.passed(), "the product's password form is not shown");
        BeginLoginRequest begin = lastBegin();
        assertTrue(begin.reauthenticate());
        assertEquals("dev", begin.idpId());
        assertEquals("/plugins/servlet/admin?tab=1", begin.returnTo());
        StartedLogin.from(response);
    }

    @Test
    void callbackWhenSameUserReauthenticatedThenWebsudoStartedNothingProvisionedNoNewBinding() throws Exception {
        FakeSession session = ssoSession();
        StartedLogin login = StartedLogin.from(filter(websudoPage(session), new FakeChain()));
        test.engines.engine.answer(DecisionBuilder.forUser("alice").groups("other-group").reauthentication(true)
                .returnTo("/plugins/servlet/admin?tab=1").build());
        long boundBefore = test.audit().stream().filter(line -> line.contains("event=login.bound")).count();

        FakeResponse response = callback(login, session);

        assertEquals(302, response.status(), response.body());
        assertEquals("/plugins/servlet/admin?tab=1", response.redirect());
        assertEquals(1, starter.started);
        assertEquals(Set.of("jira-users"), test.crowd.groupsOf("alice"), "groups untouched");
        assertEquals(boundBefore, test.audit().stream().filter(line -> line.contains("event=login.bound")).count());
        assertTrue(test.audit().stream().anyMatch(line -> line.contains("event=websudo.started")
                && line.contains("user=\"alice\"")), test.audit().toString());
    }

    @Test
    void callbackWhenAnotherUserReauthenticatedThenRefusedAuditedAndNoWebsudo() throws Exception {
        FakeSession session = ssoSession();
        StartedLogin login = StartedLogin.from(filter(websudoPage(session), new FakeChain()));
        test.engines.engine.answer(DecisionBuilder.forUser("mallory").reauthentication(true).build());

        FakeResponse response = callback(login, session);

        assertEquals(403, response.status());
        assertTrue(response.body().contains(ErrorCodes.REAUTHENTICATION_OTHER_USER), response.body());
        assertEquals(0, starter.started);
        assertEquals(null, test.crowd.user("mallory"), "never provisioned");
        assertTrue(test.audit().stream().anyMatch(line -> line.contains("event=websudo.refused")
                && line.contains("subject=\"mallory-sub\"")), test.audit().toString());
    }

    @Test
    void callbackWhenReauthenticationArrivesWithoutTheSsoSessionThenRefused() throws Exception {
        FakeSession session = ssoSession();
        StartedLogin login = StartedLogin.from(filter(websudoPage(session), new FakeChain()));
        test.engines.engine.answer(DecisionBuilder.forUser("alice").reauthentication(true).build());

        FakeResponse response = callback(login, null);

        assertEquals(403, response.status());
        assertEquals(0, starter.started);
    }

    @Test
    void websudoPageWhenLocalSessionOffOrNoManagerThenTheProductsForm() throws Exception {
        FakeSession local = new FakeSession();
        FakeChain chain = new FakeChain();
        int begunBefore = test.engines.engine.beginRequests.size();
        filter(websudoPage(local).remoteUser("admin"), chain);
        assertTrue(chain.passed(), "a session without an SSO login keeps the product's form");

        FakeSession session = ssoSession();
        begunBefore = test.engines.engine.beginRequests.size();
        test.engines.engine.websudoViaIdp = "off";
        FakeChain off = new FakeChain();
        filter(websudoPage(session), off);
        assertTrue(off.passed(), "signIn.websudoViaIdp off");

        test.engines.engine.websudoViaIdp = "sso-sessions";
        starter.reason = "the product's class com.example.Manager is not present";
        FakeChain absent = new FakeChain();
        filter(websudoPage(session), absent);
        assertTrue(absent.passed(), "no manager that can start websudo");
        assertEquals(begunBefore, test.engines.engine.beginRequests.size(), "no re-authentication begun");
    }

    @Test
    void productWebSudoWhenPlatformThenItsPageAndAManagerOnlyWhereTheProductHasOne() {
        ProductWebSudo jira = ProductWebSudo.forPlatform("jira");
        assertEquals(Set.of("/secure/admin/WebSudoAuthenticate!default.jspa"), jira.pagePaths());
        assertEquals("webSudoDestination", jira.destinationParameter());
        assertTrue(jira.starter().unavailableReason().orElseThrow()
                .contains("com.atlassian.jira.security.websudo.InternalWebSudoManager"));
        ProductWebSudo confluence = ProductWebSudo.forPlatform("conf");
        assertEquals(Set.of("/authenticate.action"), confluence.pagePaths());
        assertEquals("destination", confluence.destinationParameter());
        assertTrue(ProductWebSudo.forPlatform("bitbucket").starter().unavailableReason().isPresent());
    }
}
