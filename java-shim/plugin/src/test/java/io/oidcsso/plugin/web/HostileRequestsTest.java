package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeChain;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.servlet.Servlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: what an anonymous client can send to every plugin endpoint. Parameters the container
 * cannot parse (Jetty throws, Tomcat marks the request), repeated or oversized parameters: a 400 page
 * with a reference id and exactly one INFO line, no stack trace, no audit warning. Methods a servlet
 * does not serve, TRACE first: 405 with Allow, never an echo.
 */
class HostileRequestsTest {
    /** What Jetty's getParameter throws for a form it cannot parse. */
    private static final Supplier<RuntimeException> JETTY_FAILURE =
            () -> new IllegalStateException("400: Unable to parse form content\r\nSet-Cookie: x");

    private final TestRuntime test = TestRuntime.configured();
    private final List<LogRecord> records = new ArrayList<>();
    private final Logger pluginLogger = Logger.getLogger("io.oidcsso.plugin");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        test.runtime.activeEngine(); // the engine's own start-up line is not what is counted here
        pluginLogger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        pluginLogger.removeHandler(capture);
    }

    private FakeResponse serve(LeasedServlet<?> servlet, FakeRequest request) throws Exception {
        servlet.init();
        FakeResponse response = new FakeResponse();
        // As the container calls it: through Servlet#service.
        ((Servlet) servlet).service(request.request(), response.response());
        return response;
    }

    private FakeResponse callback(FakeRequest request) throws Exception {
        return serve(new OidcCallbackServlet(OidcSso.over(test.runtime)), request);
    }

    private static FakeRequest callbackRequest() {
        return FakeRequest.get(PendingCookiesTestPaths.CALLBACK).param("state", "s").param("code", "c");
    }

    /** One INFO line naming the reference on the page; nothing above INFO, no stack trace, no audit line. */
    private void assertRefusedQuietly(FakeResponse response, String reference) {
        synchronized (records) {
            assertEquals(1, records.size(), records.stream().map(LogRecord::getMessage).toList().toString());
            LogRecord line = records.get(0);
            assertEquals(Level.INFO, line.getLevel());
            assertNull(line.getThrown(), "no stack trace");
            assertTrue(line.getMessage().contains("[ref " + reference + "]"), line.getMessage());
            assertFalse(line.getMessage().contains("\r") || line.getMessage().contains("\n"), line.getMessage());
        }
        assertTrue(test.audit().isEmpty(), "no audit warning: " + test.audit());
        assertFalse(response.body().contains("Exception") || response.body().contains("at io."), response.body());
    }

    private static String referenceOf(FakeResponse response) {
        String body = response.body();
        int start = body.indexOf("Reference: <code>") + 17;
        return body.substring(start, body.indexOf("</code>", start));
    }

    @Test
    void callbackWhenContainerCannotParseParametersThen400PageAndOneInfoLine() throws Exception {
        FakeResponse response = callback(callbackRequest().failParameters(JETTY_FAILURE.get()));

        assertEquals(400, response.status());
        assertTrue(response.body().contains("invalid_request"), response.body());
        assertRefusedQuietly(response, referenceOf(response));
    }

    @Test
    void callbackWhenTomcatDroppedParametersThen400() throws Exception {
        FakeResponse response = callback(callbackRequest().attribute(RequestParameters.TOMCAT_PARSE_FAILED,
                Boolean.TRUE));

        assertEquals(400, response.status());
        assertRefusedQuietly(response, referenceOf(response));
    }

    @Test
    void callbackWhenParameterRepeatedThen400AndNothingReachesTheCore() throws Exception {
        FakeResponse response = callback(callbackRequest().addParam("state", "other"));

        assertEquals(400, response.status());
        assertTrue(test.engines.engine.completeRequests.isEmpty());
        assertRefusedQuietly(response, referenceOf(response));
    }

    @Test
    void callbackWhenContainerDecodedInvalidUtf8AsReplacementCharacterThen400() throws Exception {
        FakeResponse response = callback(callbackRequest().param("state", "\uFFFD("));

        assertEquals(400, response.status());
        assertTrue(test.engines.engine.completeRequests.isEmpty());
        assertRefusedQuietly(response, referenceOf(response));
    }

    @Test
    void callbackWhenParameterOversizedThen400() throws Exception {
        FakeResponse response = callback(callbackRequest().param("code", "c".repeat(RequestParameters.MAX_LENGTH + 1)));

        assertEquals(400, response.status());
        assertRefusedQuietly(response, referenceOf(response));
    }

    @Test
    void backchannelWhenContainerCannotParseFormThen400JsonAndOneInfoLine() throws Exception {
        FakeResponse response = serve(new BackchannelLogoutServlet(OidcSso.over(test.runtime)),
                FakeRequest.get("/plugins/servlet/oidc-sso/backchannel-logout").method("POST")
                        .failParameters(JETTY_FAILURE.get()));

        assertEquals(400, response.status());
        assertTrue(response.body().contains("\"error\":\"invalid_request\""), response.body());
        String reference = response.body().replaceAll(".*\"reference\":\"([A-Z0-9]+)\".*", "$1");
        assertRefusedQuietly(response, reference);
    }

    @Test
    void frontchannelWhenContainerCannotParseQueryThen400AndOneInfoLine() throws Exception {
        FakeResponse response = serve(new FrontchannelLogoutServlet(OidcSso.over(test.runtime)),
                FakeRequest.get("/plugins/servlet/oidc-sso/frontchannel-logout").failParameters(JETTY_FAILURE.get()));

        assertEquals(400, response.status());
        String reference = response.body().replaceAll(".*\"reference\":\"([A-Z0-9]+)\".*", "$1");
        assertRefusedQuietly(response, reference);
    }

    @Test
    void initiateWhenContainerCannotParseQueryThen400PageAndOneInfoLine() throws Exception {
        OidcInitiateServlet servlet = new OidcInitiateServlet(OidcSso.over(test.runtime));
        servlet.init();
        FakeResponse response = new FakeResponse();
        ((Servlet) servlet).service(FakeRequest.get("/plugins/servlet/oidc-sso/initiate")
                .failParameters(JETTY_FAILURE.get()).request(), response.response());

        assertEquals(400, response.status());
        assertRefusedQuietly(response, referenceOf(response));
    }

    @Test
    void loginPageWhenContainerCannotParseQueryThen400PageNotAStackTrace() throws Exception {
        OidcLoginFilter filter = new OidcLoginFilter(OidcSso.over(test.runtime));
        filter.init(null);
        FakeResponse response = new FakeResponse();
        FakeChain chain = new FakeChain();
        filter.doFilter(FakeRequest.get("/login").failParameters(JETTY_FAILURE.get()).request(), response.response(),
                chain);

        assertFalse(chain.passed());
        assertEquals(400, response.status());
        assertRefusedQuietly(response, referenceOf(response));
    }

    @Test
    void otherPageWhenContainerCannotParseQueryThenLeftToTheProduct() throws Exception {
        OidcLoginFilter filter = new OidcLoginFilter(OidcSso.over(test.runtime));
        filter.init(null);
        FakeChain chain = new FakeChain();
        filter.doFilter(FakeRequest.get("/browse/X-1").failParameters(JETTY_FAILURE.get()).request(),
                new FakeResponse().response(), chain);

        assertTrue(chain.passed());
    }

    @Test
    void servletsWhenMethodNotServedThen405WithAllowAndNoEcho() throws Exception {
        List<Supplier<LeasedServlet<?>>> servlets = List.of(
                () -> new OidcCallbackServlet(OidcSso.over(test.runtime)),
                () -> new BackchannelLogoutServlet(OidcSso.over(test.runtime)),
                () -> new FrontchannelLogoutServlet(OidcSso.over(test.runtime)),
                () -> new OidcLoggedOutServlet(OidcSso.over(test.runtime)));
        for (Supplier<LeasedServlet<?>> servlet : servlets) {
            for (String method : List.of("TRACE", "OPTIONS", "PUT", "DELETE", "PATCH", "HEAD", "FOO")) {
                FakeResponse response = serve(servlet.get(), FakeRequest.get("/plugins/servlet/oidc-sso/x").method(method)
                        .header("Cookie", "JSESSIONID=secret-session"));
                String what = servlet.get().getClass().getSimpleName() + " " + method;
                assertEquals(405, response.status(), what);
                assertTrue(response.header("Allow").matches("[A-Z, ]+") && !response.header("Allow").contains(method),
                        what + ": " + response.header("Allow"));
                assertFalse(response.body().contains("secret-session"), what);
            }
        }
        assertTrue(test.engines.engine.completeRequests.isEmpty());
    }

    @Test
    void initiateWhenTraceThen405() throws Exception {
        OidcInitiateServlet servlet = new OidcInitiateServlet(OidcSso.over(test.runtime));
        servlet.init();
        FakeResponse response = new FakeResponse();
        ((Servlet) servlet).service(FakeRequest.get("/plugins/servlet/oidc-sso/initiate").method("TRACE").request(),
                response.response());
        assertEquals(405, response.status());
        assertEquals("GET, POST", response.header("Allow"));
    }

    /** The callback path, spelled once for these tests. */
    private static final class PendingCookiesTestPaths {
        static final String CALLBACK = "/plugins/servlet/oidc-sso/callback";
    }
}
