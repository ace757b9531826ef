package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's own pages and REST resources, without a plugin. */
class HostPagesTest {
    @TempDir
    Path work;
    private TestHost host;

    @BeforeEach
    void start() throws Exception {
        host = TestHost.start(work.resolve("home"), null);
    }

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void whoamiWhenAnonymousThenNullUserAsJson() throws Exception {
        HttpResponse<String> response = host.get("/rest/whoami");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
        assertTrue(body.get("user").isJsonNull());
        assertEquals(0, body.getAsJsonArray("groups").size());
    }

    @Test
    void whoamiWhenLoggedInThroughTheFormThenUserDetailsAndGroups() throws Exception {
        HttpResponse<String> login = host.login("admin", "admin", null);
        assertEquals(302, login.statusCode());
        JsonObject body = JsonParser.parseString(host.get("/rest/whoami").body()).getAsJsonObject();
        assertEquals("admin", body.get("user").getAsString());
        assertEquals("Reference Admin", body.get("displayName").getAsString());
        assertEquals("admin@example.com", body.get("email").getAsString());
        assertEquals("[\"ref-admins\",\"ref-users\"]", body.getAsJsonArray("groups").toString());
    }

    @Test
    void restWhenAnonymousThen401JsonNotRedirect() throws Exception {
        HttpResponse<String> response = host.get("/rest/x");
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void restWhenBasicCredentialsValidThenAuthenticatedWithoutSession() throws Exception {
        String basic = Base64.getEncoder().encodeToString("local:local".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = host.browser.send(HttpRequest.newBuilder(host.uri("/rest/whoami"))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.body().contains("\"user\":\"local\""), response.body());
        assertTrue(response.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("JSESSIONID")));
    }

    @Test
    void securePageWhenAnonymousThenRedirectToLoginWithDestination() throws Exception {
        HttpResponse<String> response = host.get("/secure/dashboard?tab=1");
        assertEquals(302, response.statusCode());
        assertEquals("/login?os_destination=%2Fsecure%2Fdashboard%3Ftab%3D1",
                response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void loginWhenDestinationOnThisHostThenRedirectedThere() throws Exception {
        HttpResponse<String> response = host.login("local", "local", "/secure/dashboard?tab=1");
        assertEquals("/secure/dashboard?tab=1", response.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> dashboard = host.get("/secure/dashboard");
        assertEquals(200, dashboard.statusCode());
        assertTrue(dashboard.body().contains("Local User"));
    }

    @Test
    void loginWhenDestinationOffSiteThenDashboardInstead() throws Exception {
        for (String evil : new String[] {"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"}) {
            HttpResponse<String> response = host.login("local", "local", evil);
            assertEquals("/secure/dashboard", response.headers().firstValue("Location").orElseThrow(), evil);
        }
    }

    @Test
    void loginWhenDestinationClimbsAboveRootThenDashboardInsteadOf500() throws Exception {
        for (String climbing : new String[] {"/..//evil.test", "/.././", "/./..///", "/%2e%2e//evil.test",
                "/..;//evil.test", "https://127.0.0.1:1/..//evil.test"}) {
            HttpResponse<String> response = host.login("local", "local", climbing);
            assertEquals(302, response.statusCode(), climbing + ": " + response.body());
            assertEquals("/secure/dashboard", response.headers().firstValue("Location").orElseThrow(), climbing);
        }
    }

    @Test
    void loginWhenDestinationNonAsciiThenPercentEncodedInLocation() throws Exception {
        HttpResponse<String> response = host.login("local", "local", "/\u2215\u2215evil.test?q=\u00fc");
        assertEquals(302, response.statusCode(), response.body());
        assertEquals("/%E2%88%95%E2%88%95evil.test?q=%C3%BC", response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void websudoWhenDestinationClimbsAboveRootThenDashboardInsteadOf500() throws Exception {
        assertEquals(302, host.login("admin", "admin", null).statusCode());
        HttpResponse<String> response = host.postForm("/secure/websudo",
                java.util.Map.of("password", "admin", "os_destination", "/..//evil.test"));
        assertEquals(302, response.statusCode(), response.body());
        assertEquals("/secure/dashboard", response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void errorPageWhenRequestCannotBeParsedThen400WithReferenceAndNoExceptionNamed() throws Exception {
        HttpResponse<String> form = host.browser.send(HttpRequest.newBuilder(host.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=x-unknown")
                .POST(HttpRequest.BodyPublishers.ofString("os_username=a&os_password=b")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, form.statusCode(), form.body());
        String query = raw("GET /login?os_destination=%zz HTTP/1.1");
        assertTrue(query.startsWith("HTTP/1.1 400 "), query);
        for (String page : new String[] {form.body(), query}) {
            assertTrue(page.matches("(?s).*<code id=\"error-reference\">[A-Z0-9]{10}</code>.*"), page);
            for (String leak : new String[] {"Exception", "org.eclipse", "java.", "CAUSED BY", "Unable to parse"}) {
                assertFalse(page.contains(leak), leak + " in " + page);
            }
        }
    }

    /** A request sent as typed (java.net.URI refuses a bad escape), the whole answer as text. */
    private String raw(String requestLine) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(host.uri("/").getHost(), host.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void traceWhenHostPageThen405AndNothingEchoed() throws Exception {
        HttpResponse<String> response = host.browser.send(HttpRequest.newBuilder(host.uri("/login"))
                .method("TRACE", HttpRequest.BodyPublishers.noBody()).header("X-Secret", "do-not-echo").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, response.statusCode());
        assertFalse(response.body().contains("do-not-echo"), response.body());
    }

    @Test
    void loginWhenPasswordWrongThen401AndAnonymous() throws Exception {
        HttpResponse<String> response = host.login("admin", "wrong", null);
        assertEquals(401, response.statusCode());
        assertTrue(host.get("/rest/whoami").body().contains("\"user\":null"));
    }

    @Test
    void loginWhenUserInactiveThenRefused() throws Exception {
        assertEquals(401, host.login("inactive", "inactive", null).statusCode());
        assertTrue(host.get("/rest/whoami").body().contains("\"user\":null"));
    }

    @Test
    void pagesWhenValuesContainMarkupThenEscaped() throws Exception {
        String body = host.get("/login?os_destination=%22%3E%3Cscript%3Ealert(1)%3C/script%3E").body();
        assertFalse(body.contains("<script>"));
        assertTrue(body.contains("&quot;&gt;&lt;script&gt;"));
    }

    @Test
    void dashboardWhenLoggedInThroughTheFormThenWhoYouAreYourGroupsAndHowYouSignedIn() throws Exception {
        host.login("admin", "admin", null);

        String page = host.get("/secure/dashboard").body();

        assertTrue(page.contains("<h1 id=\"dashboard-user\">Hello, Reference Admin</h1>"), page);
        assertTrue(page.contains("<span id=\"dashboard-username\">admin</span>"), page);
        assertTrue(page.contains("<span id=\"dashboard-email\">admin@example.com</span>"), page);
        assertTrue(page.contains("<span class=\"lozenge\">ref-admins</span><span class=\"lozenge\">ref-users</span>"),
                page);
        assertTrue(page.matches("(?s).*<span id=\"dashboard-sign-in\">.*Local account.*this host's login form.*"), page);
        assertTrue(page.contains("id=\"dashboard-signed-in-at\""), page);
    }

    @Test
    void loginWhenOpenedThroughTheEmergencyPathThenTheFormKeepsItAndTheDashboardSaysSo() throws Exception {
        String form = host.get("/login?oidcsso_local=true").body();
        assertTrue(form.contains("action=\"/login?oidcsso_local=true\""), form);
        assertTrue(form.contains("id=\"login-emergency\""), form);

        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("os_username", "local");
        fields.put("os_password", "local");
        assertEquals(302, host.postForm("/login?oidcsso_local=true", fields).statusCode());

        String page = host.get("/secure/dashboard").body();
        assertTrue(page.matches("(?s).*<span id=\"dashboard-sign-in\">.*the emergency login.*"), page);
    }

    @Test
    void notFoundWhenUnknownPathThen404PageWithTheWayHome() throws Exception {
        HttpResponse<String> response = host.get("/no/such/page?x=%3Cb%3E");

        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("<p id=\"not-found\">There is nothing at <code>/no/such/page</code>"),
                response.body());
        assertTrue(response.body().contains("id=\"home-link\" href=\"/\""), response.body());
    }

    @Test
    void pagesWhenServedThenTheHostsFrameInlineStyleAndNoScript() throws Exception {
        for (String path : new String[] {"/", "/login", "/nowhere", "/logout"}) {
            HttpResponse<String> response = host.get(path);
            String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("script-src 'none'") && csp.contains("style-src 'unsafe-inline'"), path + ": " + csp);
            assertTrue(response.body().contains("<header><a id=\"site\" href=\"/\">"), path + ": " + response.body());
            assertTrue(response.body().contains("<style>"), path);
            assertFalse(response.body().contains("<script"), path);
        }
    }

    @Test
    void homeWhenAnonymousThenPublicWithLoginLink() throws Exception {
        HttpResponse<String> response = host.get("/");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("href=\"/login\""));
    }
}
