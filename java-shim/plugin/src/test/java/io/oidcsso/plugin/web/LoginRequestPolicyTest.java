package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.oidcsso.plugin.atlassian.SalLoginBinder;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeSal;
import io.oidcsso.plugin.fakes.FakeSession;
import io.oidcsso.plugin.web.LoginRequestPolicy.Outcome;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LoginRequestPolicyTest {
    private final SalLoginBinder binder = new SalLoginBinder(FakeSal.Users.resolvingEveryone(), new FakeSal.Access(),
            new FakeSal.SeraphListener(), "jira");
    private final LoginRequestPolicy policy = new LoginRequestPolicy(Set.of("/login.jsp"), binder);

    private static Arguments when(String condition, UnaryOperator<FakeRequest> request, boolean killSwitch,
            boolean engineReady, Outcome expected) {
        return Arguments.of(condition, request, killSwitch, engineReady, expected);
    }

    static Stream<Arguments> cases() {
        UnaryOperator<FakeRequest> loginPage = r -> r.path("/login.jsp");
        return Stream.of(
                when("anonymous browser GET of the login page", loginPage, false, true, Outcome.START_LOGIN),
                when("login page with os_destination", r -> r.path("/login.jsp").param("os_destination", "/browse/X-1"),
                        false, true, Outcome.START_LOGIN),
                when("login page under a context path with ;jsessionid",
                        r -> r.contextPath("/jira").path("/login.jsp;jsessionid=abc"), false, true, Outcome.START_LOGIN),
                when("browser Accept listing html and json", r -> r.path("/login.jsp")
                        .header("Accept", "text/html,application/json;q=0.9"), false, true, Outcome.START_LOGIN),
                when("kill switch set", loginPage, true, true, Outcome.PASS_KILL_SWITCH),
                when("no engine (unconfigured or library unavailable)", loginPage, false, false, Outcome.PASS_UNCONFIGURED),
                when("POST of the login form", r -> r.path("/login.jsp").method("POST"), false, true, Outcome.PASS_NOT_GET),
                when("Authorization header", r -> r.path("/login.jsp").header("Authorization", "Basic YTpi"), false, true,
                        Outcome.PASS_AUTHORIZATION_HEADER),
                when("XHR", r -> r.path("/login.jsp").header("X-Requested-With", "XMLHttpRequest"), false, true,
                        Outcome.PASS_XHR),
                when("JSON client", r -> r.path("/login.jsp").header("Accept", "application/json"), false, true,
                        Outcome.PASS_JSON),
                when("JSON client, Accept in upper case", r -> r.path("/login.jsp").header("Accept", "Application/JSON"),
                        false, true, Outcome.PASS_JSON),
                when("Accept in two header lines, html in the second", r -> r.path("/login.jsp")
                        .header("Accept", "application/json").header("Accept", "TEXT/HTML"), false, true,
                        Outcome.START_LOGIN),
                when("REST path", r -> r.path("/rest/api/2/myself"), false, true, Outcome.PASS_REST),
                when("static prefix in upper case", r -> r.path("/S/d41d8cd9/_/download/batch.js"), false, true,
                        Outcome.PASS_STATIC),
                when("static extension in upper case", r -> r.path("/browse/LOGO.PNG"), false, true,
                        Outcome.PASS_STATIC),
                when("extension-like name of a directory only", r -> r.path("/browse/x.png/page"), false, true,
                        Outcome.PASS_NOT_LOGIN_PAGE),
                when("unknown extension", r -> r.path("/browse/X-1.html"), false, true, Outcome.PASS_NOT_LOGIN_PAGE),
                when("static batch resource", r -> r.path("/s/d41d8cd9/_/download/batch.js"), false, true,
                        Outcome.PASS_STATIC),
                when("static image", r -> r.path("/images/logo.png"), false, true, Outcome.PASS_STATIC),
                when("any other page", r -> r.path("/browse/X-1"), false, true, Outcome.PASS_NOT_LOGIN_PAGE),
                when("emergency local login", r -> r.path("/login.jsp").param("oidcsso_local", "true"), false, true,
                        Outcome.PASS_LOCAL_LOGIN),
                when("container already authenticated", r -> r.path("/login.jsp").remoteUser("alice"), false, true,
                        Outcome.PASS_LOGGED_IN),
                when("Seraph session already bound", r -> r.path("/login.jsp").session(boundSession()), false, true,
                        Outcome.PASS_LOGGED_IN));
    }

    private static FakeSession boundSession() {
        FakeSession session = new FakeSession();
        session.attributes().put("seraph_defaultauthenticator_user_id", "alice");
        return session;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decideWhenConditionThenOutcome(String condition, UnaryOperator<FakeRequest> setup, boolean killSwitch,
            boolean engineReady, Outcome expected) {
        FakeRequest request = setup.apply(new FakeRequest());
        assertEquals(expected, policy.decide(request.request(), killSwitch, () -> engineReady));
    }

    @Test
    void decideWhenLocalLoginAskedOnceThenLaterLoginPageVisitsInSessionPassToo() {
        FakeRequest first = FakeRequest.get("/login.jsp").param("oidcsso_local", "true");
        policy.decide(first.request(), false, () -> true);
        FakeRequest again = FakeRequest.get("/login.jsp").session(first.fakeSession());
        assertEquals(Outcome.PASS_LOCAL_LOGIN, policy.decide(again.request(), false, () -> true));
    }

    @Test
    void decideWhenOrdinaryPageThenEngineNeverAsked() {
        boolean[] asked = {false};
        policy.decide(FakeRequest.get("/browse/X-1").request(), false, () -> {
            asked[0] = true;
            return true;
        });
        assertFalse(asked[0]);
    }

    @Test
    void isAnonymousPageWhenSessionBoundOrContainerUserThenFalseWithoutReadingParameters() {
        FakeRequest bound = FakeRequest.get("/secure/Dashboard.jspa").session(boundSession())
                .param("oidcsso_local", "true");
        FakeRequest container = FakeRequest.get("/secure/Dashboard.jspa").remoteUser("alice");

        assertFalse(policy.isAnonymousPage(bound.request()));
        assertFalse(policy.isAnonymousPage(container.request()));

        assertEquals(0, bound.parameterReads, "a signed-in page view costs no parameter parsing");
        assertEquals(0, container.parameterReads);
    }
}
