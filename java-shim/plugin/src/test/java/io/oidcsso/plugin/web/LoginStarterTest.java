package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.RenderRequest;
import io.oidcsso.plugin.engine.RouteDecision;
import io.oidcsso.plugin.engine.RouteRequest;
import io.oidcsso.plugin.fakes.FakeChain;
import io.oidcsso.plugin.fakes.FakeLoginEngine;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The routing branches of a login start: what the shim asks the core and what it does with the answer. */
class LoginStarterTest {
    private static final RouteDecision.Chooser CHOOSER = chooser(null);
    private static final RouteDecision NEEDS_USER = new RouteDecision.NeedsUser(List.of("contractors", "eng"));

    private final TestRuntime test = TestRuntime.configured();
    private final LoginEngine engine = test.runtime.activeEngine().orElseThrow();
    private final FakeLoginEngine fake = test.engines.engine;
    private final FakeChain chain = new FakeChain();

    private FakeResponse start(FakeRequest request) throws Exception {
        FakeResponse response = new FakeResponse();
        new LoginStarter(test.runtime, new FailurePage("/login")).start(request.request(), response.response(),
                chain, engine);
        return response;
    }

    private static RouteDecision.Chooser chooser(String notice) {
        return new RouteDecision.Chooser(List.of(new RouteDecision.Idp("kc", "KC", "Sign in with KC", null)), null,
                true, true, notice);
    }

    private List<RouteRequest> routeQuestions() {
        return fake.routeQuestions();
    }

    private RenderRequest rendered() {
        assertEquals(1, fake.renderRequests().size(), "one page rendered");
        return fake.renderRequests().get(0);
    }

    @Test
    void startWhenRouteAnswersChooserThenChooserRenderedWithTheDecisionAndNoLoginBegun() throws Exception {
        fake.answerRoute(CHOOSER);
        FakeResponse response = start(FakeRequest.get("/login").param("os_destination", "/browse/X-1"));

        assertFalse(chain.passed());
        assertEquals(200, response.status());
        assertTrue(fake.beginRequests.isEmpty());
        RenderRequest render = rendered();
        assertEquals(RenderRequest.Page.CHOOSER, render.page());
        assertEquals("/browse/X-1", render.returnTo());
        assertEquals(CHOOSER, render.decision());
        assertEquals(LoginPages.CSP, response.header("Content-Security-Policy"));
        assertTrue(response.body().contains("chooser"));
    }

    @Test
    void startWhenIdpParameterAndHintGivenThenBothAskedOfTheCore() throws Exception {
        start(FakeRequest.get("/login").param("idp", "kc").param("oidcsso_hint", "bob@kc.test"));
        RouteRequest route = routeQuestions().get(0);
        assertEquals(RouteRequest.Page.LOGIN, route.page());
        assertEquals("kc", route.idp());
        assertEquals("bob@kc.test", route.loginHint());
        assertFalse(route.chooser());
        assertNull(route.issuer());
    }

    @Test
    void startWhenRouteAnswersImmediateRedirectThenLoginBegunAtThatIdp() throws Exception {
        fake.answerRoute(FakeLoginEngine.immediateRedirect("kc"));
        FakeResponse response = start(FakeRequest.get("/login"));

        assertEquals(302, response.status());
        assertEquals(FakeLoginEngine.AUTHORIZATION_ENDPOINT + "?state=state-1", response.redirect());
        assertEquals("kc", fake.beginRequests.get(0).idpId());
        assertEquals(1, fake.loginUiRequests.size(), "no page rendered");
    }

    @Test
    void startWhenRouteAnswersDelayedRedirectThenPageRenderedInsteadOfLeaving() throws Exception {
        RouteDecision delayed = new RouteDecision.Redirect("kc", true, 3, "/routing/rules/0");
        fake.answerRoute(delayed);
        FakeResponse response = start(FakeRequest.get("/login"));

        assertEquals(200, response.status());
        assertTrue(fake.beginRequests.isEmpty());
        RenderRequest render = rendered();
        assertEquals(RenderRequest.Page.CHOOSER, render.page());
        assertEquals(delayed, render.decision());
    }

    @Test
    void startWhenRuleSaysLocalThenProductFormShown() throws Exception {
        fake.answerRoute(new RouteDecision.Local());
        FakeResponse response = start(FakeRequest.get("/login").param("os_destination", "/secure/admin"));

        assertTrue(chain.passed());
        assertTrue(fake.beginRequests.isEmpty());
        assertNull(response.redirect());
        assertTrue(response.body().isEmpty(), "nothing written before the product's form");
        assertEquals("/secure/admin", routeQuestions().get(0).path());
    }

    @Test
    void startWhenCoreAnswersDomainNotAllowedThenChooserShowsTheNotice() throws Exception {
        fake.answerRoute(chooser(ErrorCodes.DOMAIN_NOT_ALLOWED));
        FakeResponse response = start(FakeRequest.get("/login").param("oidcsso_hint", "eve@elsewhere.test"));

        assertEquals(200, response.status());
        assertTrue(fake.beginRequests.isEmpty());
        assertEquals("eve@elsewhere.test", routeQuestions().get(0).loginHint());
        assertEquals(ErrorCodes.DOMAIN_NOT_ALLOWED, ((RouteDecision.Chooser) rendered().decision()).notice());
    }

    @Test
    void startWhenChooserShownAfterTypingThenRenderCarriesWhatWasTypedAndTheSiteName() throws Exception {
        // Issue 16 item 6: the core shows the typed email again and names the site in the heading.
        fake.answerRoute(chooser(ErrorCodes.DOMAIN_NOT_ALLOWED));
        FakeResponse response = new FakeResponse();
        new LoginStarter(test.runtime, new FailurePage("/login", () -> "Jira Production")).start(
                FakeRequest.get("/login").param("oidcsso_hint", "eve@elsewhere.test").request(), response.response(),
                chain, engine);

        RenderRequest render = rendered();
        assertEquals(RenderRequest.Page.CHOOSER, render.page());
        assertEquals("eve@elsewhere.test", render.loginHint());
        assertEquals("Jira Production", render.siteName());
    }

    @Test
    void startWhenNeedsUserAndUserExistsThenAskedAgainWithMembershipAndDirectory() throws Exception {
        test.crowd.addLocalUser("carol", true).addLocalMembership("carol", "contractors");
        fake.answerRoutesInOrder(NEEDS_USER, FakeLoginEngine.immediateRedirect("partner"));
        FakeResponse response = start(FakeRequest.get("/login").param("oidcsso_hint", " carol "));

        List<RouteRequest> questions = routeQuestions();
        assertEquals(2, questions.size());
        assertNull(questions.get(0).user());
        RouteRequest.User user = questions.get(1).user();
        assertEquals(Map.of("contractors", true, "eng", false), user.memberOf());
        assertEquals("1", user.directory(), "the Crowd directory id of the fake user");
        assertEquals(302, response.status());
        assertEquals("partner", fake.beginRequests.get(0).idpId());
    }

    @Test
    void startWhenNeedsUserAndNoSuchUserThenAskedAgainWithNoMembershipAndNoDirectory() throws Exception {
        test.crowd.addLocalMembership("carol", "contractors");
        fake.answerRoutesInOrder(NEEDS_USER, CHOOSER);
        FakeResponse response = start(FakeRequest.get("/login").param("oidcsso_hint", "carol"));

        RouteRequest.User user = routeQuestions().get(1).user();
        assertFalse(user.memberOf().get("contractors"));
        assertNull(user.directory());
        assertEquals(200, response.status());
    }

    @Test
    void startWhenNeedsUserWithoutHintThenAskedAgainWithoutLookingUp() throws Exception {
        fake.answerRoutesInOrder(NEEDS_USER, CHOOSER);
        start(FakeRequest.get("/login"));

        RouteRequest.User user = routeQuestions().get(1).user();
        assertNull(user.directory());
        assertEquals(2, user.memberOf().size());
    }

    @Test
    void startWhenNeedsUserAndDirectoryUnreachableThenProductLoginShown() throws Exception {
        test.crowd.setUnreachable(true);
        fake.answerRoutesInOrder(NEEDS_USER, FakeLoginEngine.immediateRedirect("partner"));
        FakeResponse response = start(FakeRequest.get("/login").param("oidcsso_hint", "carol"));

        assertTrue(chain.passed());
        assertNull(response.redirect());
        assertEquals(1, routeQuestions().size(), "no second question without the user's facts");
        assertTrue(fake.beginRequests.isEmpty());
    }

    @Test
    void forceLoginWhenCoreAnswersPassThenPageServedWithoutLogin() throws Exception {
        FakeResponse response = new FakeResponse();
        new LoginStarter(test.runtime, new FailurePage("/login")).forceLogin(
                FakeRequest.get("/wiki/page").request(), response.response(), chain, engine);

        assertTrue(chain.passed());
        assertEquals(RouteRequest.Page.OTHER, routeQuestions().get(0).page());
        assertEquals("/wiki/page", routeQuestions().get(0).path());
    }

    @Test
    void forceLoginWhenCoreAnswersRedirectThenLoginBegunReturningToThePage() throws Exception {
        fake.answerRoutesInOrder(FakeLoginEngine.immediateRedirect("kc"));
        FakeResponse response = new FakeResponse();
        FakeRequest request = FakeRequest.get("/wiki/page").query("v=2");
        new LoginStarter(test.runtime, new FailurePage("/login")).forceLogin(request.request(), response.response(),
                chain, engine);

        assertFalse(chain.passed());
        assertEquals(302, response.status());
        assertEquals("/wiki/page?v=2", fake.beginRequests.get(0).returnTo());
    }
}
