package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.fakes.FakeChain;
import io.oidcsso.plugin.fakes.FakeLoginEngine;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The routing branches of a login start: what the shim asks the core and what it does with the answer. */
class LoginStarterTest {
    private static final String CHOOSER = "{\"outcome\":\"chooser\",\"idps\":[{\"id\":\"kc\",\"displayName\":\"KC\","
            + "\"buttonLabel\":\"Sign in with KC\",\"iconUrl\":null}],\"preselected\":null,\"emailForm\":true,"
            + "\"localLogin\":true,\"notice\":null}";
    private static final String NEEDS_USER = "{\"outcome\":\"needsUser\",\"groups\":[\"contractors\",\"eng\"]}";

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

    private JsonObject loginUi(int index) {
        return JsonParser.parseString(fake.loginUiRequests.get(index)).getAsJsonObject();
    }

    private List<JsonObject> routeQuestions() {
        return fake.loginUiRequests.stream().map(r -> JsonParser.parseString(r).getAsJsonObject())
                .filter(r -> r.get("op").getAsString().equals("route")).toList();
    }

    @Test
    void startWhenRouteAnswersChooserThenChooserRenderedWithTheDecisionAndNoLoginBegun() throws Exception {
        fake.answerRoute(CHOOSER);
        FakeResponse response = start(FakeRequest.get("/login").param("os_destination", "/browse/X-1"));

        assertFalse(chain.passed());
        assertEquals(200, response.status());
        assertTrue(fake.beginRequests.isEmpty());
        JsonObject render = loginUi(1);
        assertEquals("render", render.get("op").getAsString());
        assertEquals("chooser", render.get("page").getAsString());
        assertEquals("/browse/X-1", render.get("returnTo").getAsString());
        assertEquals("kc", render.getAsJsonObject("decision").getAsJsonArray("idps").get(0).getAsJsonObject()
                .get("id").getAsString());
        assertEquals(LoginPages.CSP, response.header("Content-Security-Policy"));
        assertTrue(response.body().contains("chooser"));
    }

    @Test
    void startWhenIdpParameterAndHintGivenThenBothAskedOfTheCore() throws Exception {
        start(FakeRequest.get("/login").param("idp", "kc").param("oidcsso_hint", "bob@kc.test"));
        JsonObject route = loginUi(0);
        assertEquals("login", route.get("page").getAsString());
        assertEquals("kc", route.get("idp").getAsString());
        assertEquals("bob@kc.test", route.get("loginHint").getAsString());
        assertFalse(route.get("chooser").getAsBoolean());
        assertTrue(route.get("issuer").isJsonNull());
    }

    @Test
    void startWhenRouteAnswersImmediateRedirectThenLoginBegunAtThatIdp() throws Exception {
        fake.answerRoute(FakeLoginEngine.immediateRedirect("kc"));
        FakeResponse response = start(FakeRequest.get("/login"));

        assertEquals(302, response.status());
        assertEquals(FakeLoginEngine.AUTHORIZATION_ENDPOINT + "?state=state-1", response.redirect());
        JsonObject begin = JsonParser.parseString(fake.beginRequests.get(0)).getAsJsonObject();
        assertEquals("kc", begin.get("idpId").getAsString());
        assertEquals(1, fake.loginUiRequests.size(), "no page rendered");
    }

    @Test
    void startWhenRouteAnswersDelayedRedirectThenPageRenderedInsteadOfLeaving() throws Exception {
        fake.answerRoute("{\"outcome\":\"redirect\",\"idpId\":\"kc\",\"delayed\":true,\"delaySeconds\":3,"
                + "\"rule\":\"/routing/rules/0\"}");
        FakeResponse response = start(FakeRequest.get("/login"));

        assertEquals(200, response.status());
        assertTrue(fake.beginRequests.isEmpty());
        JsonObject render = loginUi(1);
        assertEquals("chooser", render.get("page").getAsString());
        assertTrue(render.getAsJsonObject("decision").get("delayed").getAsBoolean());
        assertEquals("kc", render.getAsJsonObject("decision").get("idpId").getAsString());
    }

    @Test
    void startWhenRuleSaysLocalThenProductFormShown() throws Exception {
        fake.answerRoute("{\"outcome\":\"local\"}");
        FakeResponse response = start(FakeRequest.get("/login").param("os_destination", "/secure/admin"));

        assertTrue(chain.passed());
        assertTrue(fake.beginRequests.isEmpty());
        assertNull(response.redirect());
        assertTrue(response.body().isEmpty(), "nothing written before the product's form");
        assertEquals("/secure/admin", loginUi(0).get("path").getAsString());
    }

    @Test
    void startWhenCoreAnswersDomainNotAllowedThenChooserShowsTheNotice() throws Exception {
        fake.answerRoute(CHOOSER.replace("\"notice\":null", "\"notice\":\"domain_not_allowed\""));
        FakeResponse response = start(FakeRequest.get("/login").param("oidcsso_hint", "eve@elsewhere.test"));

        assertEquals(200, response.status());
        assertTrue(fake.beginRequests.isEmpty());
        assertEquals("eve@elsewhere.test", loginUi(0).get("loginHint").getAsString());
        assertEquals("domain_not_allowed", loginUi(1).getAsJsonObject("decision").get("notice").getAsString());
    }

    @Test
    void startWhenChooserShownAfterTypingThenRenderCarriesWhatWasTypedAndTheSiteName() throws Exception {
        // Issue 16 item 6: the core shows the typed email again and names the site in the heading.
        fake.answerRoute(CHOOSER.replace("\"notice\":null", "\"notice\":\"domain_not_allowed\""));
        FakeResponse response = new FakeResponse();
        new LoginStarter(test.runtime, new FailurePage("/login", () -> "Jira Production")).start(
                FakeRequest.get("/login").param("oidcsso_hint", "eve@elsewhere.test").request(), response.response(),
                chain, engine);

        JsonObject render = loginUi(1);
        assertEquals("chooser", render.get("page").getAsString());
        assertEquals("eve@elsewhere.test", render.get("loginHint").getAsString());
        assertEquals("Jira Production", render.get("siteName").getAsString());
    }

    @Test
    void startWhenNeedsUserAndUserExistsThenAskedAgainWithMembershipAndDirectory() throws Exception {
        test.crowd.addLocalUser("carol", true).addLocalMembership("carol", "contractors");
        fake.answerRoutesInOrder(NEEDS_USER, FakeLoginEngine.immediateRedirect("partner"));
        FakeResponse response = start(FakeRequest.get("/login").param("oidcsso_hint", " carol "));

        List<JsonObject> questions = routeQuestions();
        assertEquals(2, questions.size());
        assertFalse(questions.get(0).has("user"));
        JsonObject user = questions.get(1).getAsJsonObject("user");
        assertTrue(user.getAsJsonObject("memberOf").get("contractors").getAsBoolean());
        assertFalse(user.getAsJsonObject("memberOf").get("eng").getAsBoolean());
        assertEquals("1", user.get("directory").getAsString(), "the Crowd directory id of the fake user");
        assertEquals(302, response.status());
        assertEquals("partner",
                JsonParser.parseString(fake.beginRequests.get(0)).getAsJsonObject().get("idpId").getAsString());
    }

    @Test
    void startWhenNeedsUserAndNoSuchUserThenAskedAgainWithNoMembershipAndNoDirectory() throws Exception {
        test.crowd.addLocalMembership("carol", "contractors");
        fake.answerRoutesInOrder(NEEDS_USER, CHOOSER);
        FakeResponse response = start(FakeRequest.get("/login").param("oidcsso_hint", "carol"));

        JsonObject user = routeQuestions().get(1).getAsJsonObject("user");
        assertFalse(user.getAsJsonObject("memberOf").get("contractors").getAsBoolean());
        assertTrue(user.get("directory").isJsonNull());
        assertEquals(200, response.status());
    }

    @Test
    void startWhenNeedsUserWithoutHintThenAskedAgainWithoutLookingUp() throws Exception {
        fake.answerRoutesInOrder(NEEDS_USER, CHOOSER);
        start(FakeRequest.get("/login"));

        JsonObject user = routeQuestions().get(1).getAsJsonObject("user");
        assertTrue(user.get("directory").isJsonNull());
        assertEquals(2, user.getAsJsonObject("memberOf").size());
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
        assertEquals("other", loginUi(0).get("page").getAsString());
        assertEquals("/wiki/page", loginUi(0).get("path").getAsString());
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
        assertEquals("/wiki/page?v=2",
                JsonParser.parseString(fake.beginRequests.get(0)).getAsJsonObject().get("returnTo").getAsString());
    }
}
