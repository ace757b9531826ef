package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dev IdP alone in Chromium, cross-site as in production: a direct authorization request
 * from a stand-in RP on 127.0.0.1 that only records what arrives at its callback.
 */
class DevIdpBrowserIT {
    @RegisterExtension
    static final DumpOutputOnFailure DUMP = new DumpOutputOnFailure();

    private static final BlockingQueue<String> CALLBACK_QUERIES = new LinkedBlockingQueue<>();
    private static Path workDir;
    private static HttpServer standInRp;
    private static URI rpBaseUrl;
    private static DevIdp idp;

    private ChromeDriver driver;

    @BeforeAll
    static void startIdpAndStandInRp() throws IOException {
        workDir = E2eSettings.workDir().resolve("idp-run-" + System.currentTimeMillis());
        standInRp = HttpServer.create(new InetSocketAddress(InetAddress.getByName(E2eSettings.HOST_ADDRESS), 0), 0);
        standInRp.createContext(E2eSettings.CALLBACK_PATH, exchange -> {
            CALLBACK_QUERIES.add(String.valueOf(exchange.getRequestURI().getRawQuery()));
            byte[] body = "callback received".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        standInRp.start();
        rpBaseUrl = URI.create("http://" + E2eSettings.HOST_ADDRESS + ":" + standInRp.getAddress().getPort());
        idp = DevIdp.start(workDir.resolve("logs"), List.of(rpBaseUrl));
        DUMP.watch(idp.process());
    }

    @AfterAll
    static void stopIdpAndStandInRp() {
        if (idp != null) {
            idp.close();
        }
        if (standInRp != null) {
            standInRp.stop(0);
        }
    }

    @AfterEach
    void quitBrowser() {
        if (driver != null) {
            driver.quit();
        }
        CALLBACK_QUERIES.clear();
    }

    private BrowserSteps browser() {
        driver = Chromium.start(workDir);
        return new BrowserSteps(driver);
    }

    private URI authorizationRequest(String state) {
        return URI.create(idp.issuer() + "/auth?client_id=" + E2eSettings.CLIENT_ID
                + "&response_type=code&scope=openid%20profile%20email%20groups"
                + "&redirect_uri=" + rpBaseUrl + E2eSettings.CALLBACK_PATH
                + "&state=" + state + "&nonce=n-" + state
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
    }

    @Test
    void signInWhenDirectAuthorizationRequestThenCallbackGetsCodeStateAndIssuer() throws InterruptedException {
        BrowserSteps steps = browser();
        steps.open(authorizationRequest("state-1"));
        steps.signInAtDevIdp(idp.issuer(), "alice", "alice");
        steps.awaitLocation(rpBaseUrl, E2eSettings.CALLBACK_PATH);

        String query = CALLBACK_QUERIES.poll(10, TimeUnit.SECONDS);
        assertNotNull(query, "the stand-in RP got no callback");
        Map<String, String> params = parseQuery(query);
        assertEquals("state-1", params.get("state"));
        assertEquals(idp.issuer().toString(), params.get("iss"), "RFC 9207 iss, exactly the issuer");
        assertTrue(params.get("code") != null && !params.get("code").isEmpty(), query);
    }

    @Test
    void signInWhenPasswordWrongThenFormShowsErrorAndNoCallback() {
        BrowserSteps steps = browser();
        steps.open(authorizationRequest("state-2"));
        steps.signInAtDevIdp(idp.issuer(), "alice", "wrong");
        steps.awaitLocation(idp.issuer(), "/interaction/");

        assertTrue(steps.awaitText("Wrong username or password"), steps.describe());
        assertTrue(CALLBACK_QUERIES.isEmpty(), "no callback after a wrong password");
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> params = new HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
