package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.oidcsso.plugin.adminui.AdminUiServlet;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.nativebridge.OidcAuthenticationException;
import io.oidcsso.plugin.nativebridge.OidcProviderUnavailableException;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.servlet.FilterChain;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import org.junit.jupiter.api.Test;

/**
 * The plugin servlets' answers given before the request's body is read (a method not served: 405; not in
 * service: 503 or the logout channels' {@code sso_disabled}; the metrics' 401) leave nothing on the
 * connection: a short body is read and dropped, a long one makes the answer say {@code Connection: close}
 * and is not read ({@code UnreadBody}; the admin API's own answers are {@code AdminApiTest}'s). Otherwise
 * Jetty may drop a kept-alive connection whose next request then gets no answer at all.
 */
class EarlyAnswersTest {
    private static final String SHORT = "{\"logout_token\":\"x\",\"state\":\"s\"}";
    private static final String LONG = "x".repeat(64 * 1024 + 1);

    private final TestRuntime test = TestRuntime.configured();

    private List<Supplier<HttpServlet>> servlets() {
        return List.of(
                () -> new OidcCallbackServlet(OidcSso.over(test.runtime)),
                () -> new BackchannelLogoutServlet(OidcSso.over(test.runtime)),
                () -> new FrontchannelLogoutServlet(OidcSso.over(test.runtime)),
                () -> new OidcLoggedOutServlet(OidcSso.over(test.runtime)),
                () -> new BreakGlassServlet(OidcSso.over(test.runtime)),
                () -> new OidcMetricsServlet(OidcSso.over(test.runtime)),
                () -> new TestLoginServlet(OidcSso.over(test.runtime)),
                () -> new OidcHealthServlet(OidcSso.over(test.runtime)),
                () -> new OidcInitiateServlet(OidcSso.over(test.runtime)),
                () -> new AdminUiServlet(OidcSso.over(test.runtime)));
    }

    private static FakeRequest request(String method, String body) {
        return FakeRequest.get("/plugins/servlet/oidc-sso/callback").method(method)
                .body("application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
    }

    private static FakeResponse serve(HttpServlet servlet, FakeRequest request) throws Exception {
        servlet.init();
        FakeResponse response = new FakeResponse();
        ((Servlet) servlet).service(request.request(), response.response());
        return response;
    }

    /** A short body read and dropped, the connection left usable; a long one left unread, the connection closed. */
    private static void assertSettled(String what, int status, FakeRequest shortOne, FakeResponse shortAnswer,
            FakeRequest longOne, FakeResponse longAnswer) {
        assertEquals(status, shortAnswer.status(), what);
        assertEquals(0, shortOne.unreadBodyBytes(), what + ": the short body was read and dropped");
        assertNull(shortAnswer.header("Connection"), what + ": the connection stays usable");
        assertEquals(status, longAnswer.status(), what);
        assertEquals("close", longAnswer.header("Connection"), what + ": no client may reuse the connection");
        assertEquals(LONG.length(), longOne.unreadBodyBytes(), what + ": nothing read from a long body");
    }

    @Test
    void methodNotServedWhenTheBodyIsUnreadThen405AndTheBodyDroppedOrTheConnectionClosed() throws Exception {
        for (Supplier<HttpServlet> servlet : servlets()) {
            String what = servlet.get().getClass().getSimpleName();
            FakeRequest shortOne = request("PUT", SHORT);
            FakeResponse shortAnswer = serve(servlet.get(), shortOne);
            FakeRequest longOne = request("PUT", LONG);
            FakeResponse longAnswer = serve(servlet.get(), longOne);
            assertSettled(what, 405, shortOne, shortAnswer, longOne, longAnswer);
        }
    }

    @Test
    void notInServiceWhenTheBodyIsUnreadThen503AndTheBodyDroppedOrTheConnectionClosed() throws Exception {
        for (Supplier<HttpServlet> servlet : List.<Supplier<HttpServlet>>of(
                () -> new OidcCallbackServlet(OidcSso.over(test.runtime)),
                () -> new BreakGlassServlet(OidcSso.over(test.runtime)),
                () -> new TestLoginServlet(OidcSso.over(test.runtime)),
                () -> new OidcMetricsServlet(OidcSso.over(test.runtime)),
                () -> new OidcInitiateServlet(OidcSso.over(test.runtime)),
                () -> new AdminUiServlet(OidcSso.over(test.runtime)))) {
            String what = servlet.get().getClass().getSimpleName();
            // The method each one serves: POST where it takes one, else GET (a GET with a body).
            String method = Set.of("TestLoginServlet", "OidcMetricsServlet", "AdminUiServlet").contains(what) ? "GET"
                    : "POST";
            HttpServlet stopped = servlet.get();
            stopped.destroy();
            FakeRequest shortOne = request(method, SHORT);
            FakeResponse shortAnswer = serve(stopped, shortOne);
            FakeRequest longOne = request(method, LONG);
            FakeResponse longAnswer = serve(stopped, longOne);
            assertSettled(what, 503, shortOne, shortAnswer, longOne, longAnswer);
        }
    }

    @Test
    void logoutChannelsWhenNotInServiceAndTheBodyIsUnreadThenSsoDisabledAndTheBodyDroppedOrTheConnectionClosed()
            throws Exception {
        for (Supplier<HttpServlet> servlet : List.<Supplier<HttpServlet>>of(
                () -> new BackchannelLogoutServlet(OidcSso.over(test.runtime)),
                () -> new FrontchannelLogoutServlet(OidcSso.over(test.runtime)))) {
            String what = servlet.get().getClass().getSimpleName();
            HttpServlet stopped = servlet.get();
            stopped.destroy();
            FakeRequest shortOne = request("POST", SHORT);
            FakeResponse shortAnswer = serve(stopped, shortOne);
            FakeRequest longOne = request("POST", LONG);
            FakeResponse longAnswer = serve(stopped, longOne);
            int status = shortAnswer.status();
            assertEquals(true, status >= 400, what + ": " + status);
            assertSettled(what, status, shortOne, shortAnswer, longOne, longAnswer);
        }
    }

    @Test
    void metricsWhenRefusedAndTheBodyIsUnreadThen401AndTheBodyDroppedOrTheConnectionClosed() throws Exception {
        FakeRequest shortOne = request("GET", SHORT);
        FakeResponse shortAnswer = serve(new OidcMetricsServlet(OidcSso.over(test.runtime)), shortOne);
        FakeRequest longOne = request("GET", LONG);
        FakeResponse longAnswer = serve(new OidcMetricsServlet(OidcSso.over(test.runtime)), longOne);
        assertSettled("metrics", 401, shortOne, shortAnswer, longOne, longAnswer);
    }

    /**
     * The bearer filter answers a refused token (401) or an IdP it cannot reach (503) before the product reads the
     * body: a POST to a REST resource with the token and its body.
     */
    @Test
    void bearerFilterWhenTokenRefusedOrIdpUnavailableAndTheBodyIsUnreadThenTheBodyDroppedOrTheConnectionClosed()
            throws Exception {
        test.engines.engine.issuers("http://127.0.0.2:9400");
        Map<Integer, OidcSsoException> answers = Map.of(
                401, new OidcAuthenticationException("bad", ErrorCodes.INVALID_SIGNATURE, "signature"),
                503, new OidcProviderUnavailableException("down", ErrorCodes.IDP_CIRCUIT_OPEN, "circuit open"));
        for (Map.Entry<Integer, OidcSsoException> answer : answers.entrySet()) {
            test.engines.engine.answerBearer(null, answer.getValue());
            FakeRequest shortOne = bearerPost(SHORT);
            FakeResponse shortAnswer = bearerFilter(shortOne);
            FakeRequest longOne = bearerPost(LONG);
            FakeResponse longAnswer = bearerFilter(longOne);
            assertSettled("bearer " + answer.getKey(), answer.getKey(), shortOne, shortAnswer, longOne, longAnswer);
        }
    }

    private static FakeRequest bearerPost(String body) {
        return FakeRequest.get("/rest/api/latest/myself").method("POST")
                .header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln")
                .body("application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private FakeResponse bearerFilter(FakeRequest request) throws Exception {
        FakeResponse response = new FakeResponse();
        FilterChain product = (req, res) -> {
            throw new AssertionError("an answered request goes no further");
        };
        new OidcBearerFilter(OidcSso.over(test.runtime)).doFilter(request.request(), response.response(), product);
        return response;
    }
}
