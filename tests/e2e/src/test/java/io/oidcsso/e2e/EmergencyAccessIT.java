package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12 end to end, with SSO enforced ({@code routing.enforceSso: true}, the default
 * {@code emergency} section: the product's system administrators), in this order: the health
 * endpoint of a working node; the dev IdP is stopped, then in Chromium the administrator gets in
 * through the emergency URL and a local non-administrator with the right password is refused and
 * has no session (the product's form posted directly refuses them too, HTTP Basic leaves no
 * session, the audit lines exist) (item 1); the node is replaced by one on the same home whose
 * native library cannot load: it reports 503 on the health endpoint, keeps protected pages
 * protected and the local login restricted (item 5); a configuration that would lock every
 * administrator out is refused at the import (item 4). Between items 1 and 5, with the IdP still
 * stopped, the administrator generates two break-glass codes (websudo + XSRF token; a forged token is
 * refused) and in Chromium one code logs in once and not twice, all audited (item 2; two more
 * browsers, a few seconds). Adds three host starts (~15 s) per platform. Before that, item 3 with a
 * second IdP ({@code flaky}, an in-test server, 1 s deadline, circuit open after one failure) that
 * stops answering: its login page shows the banner and the local form, through which the
 * administrator gets in and the non-administrator is refused, audited {@code via="idp_down"}; once
 * it answers again and its circuit closes, its login page goes to SSO again (a few seconds more).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmergencyAccessIT {
    @RegisterExtension
    static final DumpOutputOnFailure DUMP = new DumpOutputOnFailure();

    private static final String HEALTH_PATH = "/plugins/servlet/oidc-sso/health";
    private static final String BREAK_GLASS_PATH = "/plugins/servlet/oidc-sso/break-glass";

    private static final String FLAKY = "flaky";
    private static final String FLAKY_NAME = "Flaky IdP";

    private static Path workDir;
    private static DevIdp idp;
    private static HostileIdp hostile;
    private static ReferenceHost host;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void start() throws IOException {
        workDir = E2eSettings.workDir().resolve("emergency-" + System.currentTimeMillis());
        URI hostBaseUrl = ReferenceHost.reserveBaseUrl();
        idp = DevIdp.start(workDir.resolve("logs"), List.of(hostBaseUrl));
        DUMP.watch(idp.process());
        hostile = HostileIdp.start();
        // The second IdP fails fast: a 300 ms read timeout (also the probe's), its circuit opens at the
        // first failure and is probed from 200 ms on (doubling), so it closes soon after the IdP is back.
        JsonObject http = new JsonObject();
        http.addProperty("loginDeadlineMs", 1000);
        http.addProperty("readTimeoutMs", 300);
        http.addProperty("circuitFailureThreshold", 1);
        http.addProperty("circuitProbeIntervalMs", 200);
        Path config = PluginConfig.writeForDevIdpAnd(idp.issuer(), Map.of(FLAKY, hostile.issuer(FLAKY)), http,
                workDir.resolve("oidc-sso-config.json"));
        JsonObject document = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
        document.getAsJsonObject("routing").addProperty("enforceSso", true);
        // The administrator logs in locally, with HTTP Basic and with codes more often than the default 5 a
        // minute per username allows (the rename case adds four users-admin calls and a login); the groups
        // and networks stay the defaults.
        JsonObject rateLimit = new JsonObject();
        rateLimit.addProperty("perClient", 100);
        rateLimit.addProperty("perClientAndUser", 50);
        rateLimit.addProperty("windowSeconds", 60);
        JsonObject emergency = new JsonObject();
        emergency.add("rateLimit", rateLimit);
        document.add("emergency", emergency);
        document.getAsJsonArray("idps").get(1).getAsJsonObject().addProperty("displayName", FLAKY_NAME);
        Files.writeString(config, new GsonBuilder().setPrettyPrinting().create().toJson(document),
                StandardCharsets.UTF_8);
        host = ReferenceHost.start("emergency-node", hostBaseUrl, config, workDir, List.of());
        DUMP.watch(host.process());
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        if (idp != null) {
            idp.close();
        }
        if (hostile != null) {
            hostile.close();
        }
    }

    @Test
    @Order(1)
    void healthWhenNodeWorksThen200SsoOnWithTheIdpsCircuitAndNoSecret() {
        HttpResponse<String> health = new ScriptedUserAgent().get(host.url(HEALTH_PATH));
        assertEquals(200, health.statusCode(), health.body());
        JsonObject body = JsonParser.parseString(health.body()).getAsJsonObject();
        assertEquals("ok", body.get("status").getAsString());
        assertEquals("on", body.get("sso").getAsString());
        assertEquals("restricted", body.get("localLogin").getAsString());
        JsonObject dev = body.getAsJsonArray("idps").get(0).getAsJsonObject();
        assertEquals("dev", dev.get("id").getAsString());
        assertTrue(dev.has("state") && dev.has("since"), dev.toString());
        Instant.parse(dev.get("since").getAsString()); // since when, ISO-8601 (throws otherwise)
        assertTrue(!health.body().contains(E2eSettings.CLIENT_SECRET) && !health.body().contains("issuer"),
                health.body());
    }

    @Test
    @Order(2)
    void emergencyUrlWhenIdpStoppedThenAdministratorInNonAdministratorRefusedOnEveryPathAndAudited() {
        URI target = ScriptedUserAgent.location(new ScriptedUserAgent().get(host.url(E2eSettings.LOGIN_PATH)));
        assertTrue(ScriptedLogin.sameOrigin(target, idp.issuer()), "control: SSO is on, /login goes to " + target);
        idp.close();
        idp = null;

        BrowserSteps admin = new BrowserSteps(browsers.start(workDir));
        admin.open(host.url(E2eSettings.LOCAL_LOGIN_PATH));
        assertTrue(admin.hasField("os_username"), "the product's form:\n" + admin.describe());
        admin.signInLocally("admin", "admin");
        admin.awaitLocation(host.baseUrl(), "/secure/dashboard");
        assertEquals("admin", admin.whoami(host).user(), admin.describe());

        BrowserSteps local = new BrowserSteps(browsers.start(workDir));
        local.open(host.url(E2eSettings.LOCAL_LOGIN_PATH));
        local.signInLocally("local", "local");
        assertTrue(local.awaitText("only for the administrators allowed to use it in an emergency"), local.describe());
        assertEquals("not_in_allowed_groups", local.script(
                "document.getElementById('oidcsso-local-login-refused').dataset.reason"));
        assertNull(local.whoami(host).user(), "no session for the non-administrator");

        // The product's form posted directly, without the emergency parameter: refused the same way.
        ScriptedUserAgent agent = new ScriptedUserAgent();
        HttpResponse<String> posted = agent.postForm(host.url(E2eSettings.LOGIN_PATH),
                Map.of("os_username", "local", "os_password", "local"), host.baseUrl().toString());
        assertEquals(403, posted.statusCode(), posted.body());
        HttpResponse<String> after = agent.get(host.url("/rest/whoami"));
        assertNull(Whoami.parse(after.body()).user(), after.body());

        // HTTP Basic authenticates one API request and leaves no session behind.
        HttpResponse<String> basic = whoami("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                "local:local".getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, basic.statusCode(), basic.body());
        assertEquals("local", Whoami.parse(basic.body()).user());
        String cookies = String.join("; ", basic.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";", 2)[0]).toList());
        if (!cookies.isEmpty()) {
            HttpResponse<String> replayed = whoami("Cookie", cookies);
            assertNull(Whoami.parse(replayed.body()).user(), "the cookies of the Basic request hold no login: "
                    + replayed.body());
        }

        List<String> log = host.process().lines();
        assertTrue(AuditLines.count(log, "local_login.allowed", "user", "admin", "level", "WARNING") > 0,
                "allowed audited");
        assertEquals(2, AuditLines.count(log, "local_login.refused", "user", "local", "reason", "not_in_allowed_groups"),
                "both refusals audited");
    }

    @Test
    @Order(3)
    void idpDownWhenCircuitOpenThenBannerAdministratorInNonAdministratorRefusedAndBackToSsoWhenItCloses()
            throws InterruptedException {
        String loginPage = E2eSettings.LOGIN_PATH + "?idp=" + FLAKY + "&os_destination=%2Fsecure%2Fdashboard";
        hostile.breakFlaky();
        HttpResponse<String> failed = new ScriptedUserAgent().get(host.url(loginPage));
        assertEquals(503, failed.statusCode(), failed.body());
        assertTrue(failed.body().contains("id=\"oidcsso-local-form\""), failed.body());
        assertEquals("open", awaitCircuit(FLAKY, "open"), "the first failure opened the circuit");

        BrowserSteps admin = new BrowserSteps(browsers.start(workDir));
        admin.open(host.url(loginPage));
        String banner = FLAKY_NAME + " is not answering; administrators can sign in with their local password.";
        assertTrue(admin.awaitText(banner), admin.describe());
        assertTrue(admin.awaitText("idp_circuit_open"), "fails fast while the circuit is open: " + admin.describe());
        admin.signInLocally("admin", "admin");
        admin.awaitLocation(host.baseUrl(), "/secure/dashboard");
        assertEquals("admin", admin.whoami(host).user(), admin.describe());

        BrowserSteps local = new BrowserSteps(browsers.start(workDir));
        local.open(host.url(loginPage));
        assertTrue(local.awaitText(banner), local.describe());
        local.signInLocally("local", "local");
        assertTrue(local.awaitText("only for the administrators allowed to use it in an emergency"), local.describe());
        assertEquals("not_in_allowed_groups", local.script(
                "document.getElementById('oidcsso-local-login-refused').dataset.reason"));
        assertNull(local.whoami(host).user(), "no session for the non-administrator");

        List<String> log = host.process().lines();
        assertEquals(1, AuditLines.count(log, "local_login.allowed", "user", "admin", "via", "idp_down", "idp", FLAKY),
                "the administrator's login audited as idp_down");
        assertEquals(1, AuditLines.count(log, "local_login.refused", "user", "local", "reason", "not_in_allowed_groups",
                "via", "idp_down", "idp", FLAKY), "the refusal audited as idp_down");

        // The IdP answers again: the background probe closes the circuit and the login page is SSO again.
        hostile.repairFlaky();
        long repaired = System.nanoTime();
        assertEquals("closed", awaitCircuit(FLAKY, "closed"));
        System.out.println("EmergencyAccessIT: the circuit closed " + (System.nanoTime() - repaired) / 1_000_000
                + " ms after the IdP answered again");
        HttpResponse<String> sso = new ScriptedUserAgent().get(host.url(loginPage));
        assertEquals(302, sso.statusCode(), sso.body());
        assertTrue(ScriptedUserAgent.location(sso).toString().startsWith(hostile.issuer(FLAKY).toString()),
                "back to SSO: " + ScriptedUserAgent.location(sso));
    }

    @Test
    @Order(4)
    void breakGlassWhenIdpStoppedThenACodeWorksOnceNotTwiceAndBothAreAudited() {
        // The administrator (local login, which also opens the product's websudo) generates two codes.
        ScriptedUserAgent administrator = loggedInAdministrator();
        String token = xsrfToken(administrator);
        HttpResponse<String> forged = administrator.postForm(host.url(BREAK_GLASS_PATH + "/codes"),
                Map.of("username", "admin", "atl_token", "forged"), host.baseUrl().toString());
        assertEquals(403, forged.statusCode(), forged.body());
        HttpResponse<String> generated = administrator.postForm(host.url(BREAK_GLASS_PATH + "/codes"),
                Map.of("username", "admin", "count", "2", "atl_token", token), host.baseUrl().toString());
        assertEquals(200, generated.statusCode(), generated.body());
        JsonObject body = JsonParser.parseString(generated.body()).getAsJsonObject();
        assertEquals(2, body.getAsJsonArray("codes").size(), generated.body());
        String code = body.getAsJsonArray("codes").get(0).getAsString();

        // In Chromium, without any password: the code logs the administrator in once.
        BrowserSteps first = new BrowserSteps(browsers.start(workDir));
        first.open(host.url(BREAK_GLASS_PATH));
        first.script("document.getElementById('username').value = 'admin'");
        first.typeAndSubmit("code", code);
        first.awaitAwayFrom(BREAK_GLASS_PATH);
        assertEquals("admin", first.whoami(host).user(), first.describe());

        BrowserSteps second = new BrowserSteps(browsers.start(workDir));
        second.open(host.url(BREAK_GLASS_PATH));
        second.script("document.getElementById('username').value = 'admin'");
        second.typeAndSubmit("code", code);
        assertTrue(second.awaitText("do not match an unused break-glass code"), second.describe());
        assertEquals("unknown_code", second.script(
                "document.getElementById('oidcsso-break-glass-refused').dataset.reason"));
        assertNull(second.whoami(host).user(), "no session from a used code");

        List<String> log = host.process().lines();
        assertTrue(AuditLines.count(log, "break_glass.generation_refused", "by", "admin", "reason", "xsrf_token_invalid") > 0,
                "the forged request audited");
        assertTrue(AuditLines.count(log, "break_glass.generated", "user", "admin", "by", "admin", "count", "2") > 0,
                "generation audited");
        assertEquals(1, AuditLines.count(log, "break_glass.allowed", "user", "admin"), "one use allowed");
        assertEquals(1, AuditLines.count(log, "break_glass.refused", "user", "admin", "reason", "unknown_code"),
                "the second use refused and audited");
        assertTrue(log.stream().noneMatch(l -> l.contains(code.substring(9))), "no code in the log");
    }

    /**
     * A code belongs to the account's user key: the product's admin renames {@code admin} and creates a new
     * account under the name "admin" (the host's users admin); the new account cannot log in with the renamed
     * administrator's code (refused, audited {@code wrong_user}, the code not spent), the renamed administrator
     * can, under the new name. The names are put back afterwards (renames keep the keys) for the tests after it.
     */
    @Test
    @Order(5)
    void breakGlassWhenAdministratorRenamedAndNewAccountTookTheNameThenOnlyTheRenamedAccountGetsIn() {
        ScriptedUserAgent administrator = loggedInAdministrator();
        String token = xsrfToken(administrator);
        HttpResponse<String> generated = administrator.postForm(host.url(BREAK_GLASS_PATH + "/codes"),
                Map.of("username", "admin", "count", "1", "atl_token", token), host.baseUrl().toString());
        assertEquals(200, generated.statusCode(), generated.body());
        String code = JsonParser.parseString(generated.body()).getAsJsonObject().getAsJsonArray("codes").get(0)
                .getAsString();

        HttpResponse<String> renamed = usersAdmin("PUT", "/rename", "{\"oldName\":\"admin\",\"name\":\"admin.renamed\"}");
        assertEquals(200, renamed.statusCode(), renamed.body());
        HttpResponse<String> created = usersAdmin("admin.renamed:admin", "POST", "",
                "{\"name\":\"admin\",\"password\":\"another-admin\"}");
        assertEquals(201, created.statusCode(), created.body());
        try {
            ScriptedUserAgent newAccount = new ScriptedUserAgent();
            HttpResponse<String> refused = newAccount.postForm(host.url(BREAK_GLASS_PATH),
                    Map.of("username", "admin", "code", code), host.baseUrl().toString());
            assertEquals(401, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("data-reason=\"wrong_user\""), refused.body());
            assertNull(Whoami.parse(newAccount.get(host.url("/rest/whoami")).body()).user(),
                    "the new account under the old name has no session");

            ScriptedUserAgent renamedAdministrator = new ScriptedUserAgent();
            HttpResponse<String> allowed = renamedAdministrator.postForm(host.url(BREAK_GLASS_PATH),
                    Map.of("username", "admin.renamed", "code", code), host.baseUrl().toString());
            assertEquals(303, allowed.statusCode(), allowed.body());
            assertEquals("admin.renamed", Whoami.parse(renamedAdministrator.get(host.url("/rest/whoami")).body())
                    .user(), "the code's account, under its new name; the refusal did not spend the code");
        } finally {
            assertEquals(200, usersAdmin("admin.renamed:admin", "PUT", "/rename",
                    "{\"oldName\":\"admin\",\"name\":\"admin.newcomer\"}").statusCode());
            assertEquals(200, usersAdmin("admin.renamed:admin", "PUT", "/rename",
                    "{\"oldName\":\"admin.renamed\",\"name\":\"admin\"}").statusCode());
        }
        List<String> log = host.process().lines();
        assertEquals(1, AuditLines.count(log, "break_glass.refused", "user", "admin", "reason", "wrong_user"),
                "the new account's try audited");
        assertEquals(1, AuditLines.count(log, "break_glass.allowed", "user", "admin.renamed"));
    }

    /**
     * {@code admin} logged in with the product's local login (which also opens its websudo), checked with
     * {@code /rest/whoami}: a page of the product after the login, which sets its XSRF cookie.
     */
    private static ScriptedUserAgent loggedInAdministrator() {
        ScriptedUserAgent administrator = new ScriptedUserAgent();
        HttpResponse<String> login = administrator.postForm(host.url(E2eSettings.LOCAL_LOGIN_PATH),
                Map.of("os_username", "admin", "os_password", "admin"), host.baseUrl().toString());
        assertEquals(302, login.statusCode(), login.body());
        assertEquals("admin", Whoami.parse(administrator.get(host.url("/rest/whoami")).body()).user());
        return administrator;
    }

    /** The product's XSRF token, from the cookie {@code agent} holds for the host. */
    private static String xsrfToken(ScriptedUserAgent agent) {
        return cookie(agent.cookieHeader(host.url("/")), "atlassian.xsrf.token");
    }

    /** The host's users admin ({@code /rest/api/latest/admin/users}), as {@code admin} with HTTP Basic. */
    private static HttpResponse<String> usersAdmin(String method, String path, String body) {
        return usersAdmin("admin:admin", method, path, body);
    }

    private static HttpResponse<String> usersAdmin(String credentials, String method, String path, String body) {
        return host.usersAdmin(credentials, method, path, body);
    }

    @Test
    @Order(6)
    void nodeWhenNativeLibraryCannotLoadThenHealth503ProtectedPagesProtectedAndLocalLoginStillRestricted()
            throws IOException {
        Path home = host.home();
        URI canonical = host.baseUrl();
        host.close();
        Path notADirectory = Files.writeString(workDir.resolve("native-dir-is-a-file"), "x");
        host = ReferenceHost.startClusterNode("no-native", canonical, home, null, workDir,
                List.of("-Doidcsso.native.dir=" + notADirectory));
        DUMP.watch(host.process());

        HttpResponse<String> health = new ScriptedUserAgent().get(host.url(HEALTH_PATH));
        assertEquals(503, health.statusCode(), health.body());
        JsonObject body = JsonParser.parseString(health.body()).getAsJsonObject();
        assertEquals("native_library_unavailable", body.get("reason").getAsString());
        assertEquals("off", body.get("sso").getAsString());
        assertEquals("restricted", body.get("localLogin").getAsString());

        ScriptedUserAgent anonymous = new ScriptedUserAgent();
        HttpResponse<String> page = anonymous.get(host.url("/secure/dashboard"));
        assertEquals(302, page.statusCode(), "a protected page stays protected: " + page.body());
        assertTrue(ScriptedUserAgent.location(page).getPath().endsWith(E2eSettings.LOGIN_PATH));

        ScriptedUserAgent local = new ScriptedUserAgent();
        HttpResponse<String> refused = local.postForm(host.url(E2eSettings.LOCAL_LOGIN_PATH),
                Map.of("os_username", "local", "os_password", "local"), host.baseUrl().toString());
        assertEquals(403, refused.statusCode(), refused.body());
        assertNull(Whoami.parse(local.get(host.url("/rest/whoami")).body()).user());

        ScriptedUserAgent admin = new ScriptedUserAgent();
        HttpResponse<String> allowed = admin.postForm(host.url(E2eSettings.LOCAL_LOGIN_PATH),
                Map.of("os_username", "admin", "os_password", "admin"), host.baseUrl().toString());
        assertEquals(302, allowed.statusCode(), allowed.body());
        assertEquals("admin", Whoami.parse(admin.get(host.url("/rest/whoami")).body()).user());
    }

    @Test
    @Order(7)
    void importWhenConfigurationWouldLockEveryAdministratorOutThenHostRefusesToStartAndSaysWhy() throws IOException {
        Path config = workDir.resolve("lockout-config.json");
        Files.writeString(config, "{\"schemaVersion\": 1, \"routing\": {\"enforceSso\": true},"
                + " \"emergency\": {\"allowedGroups\": []}, \"idps\": [{\"id\": \"dev\","
                + " \"issuer\": \"http://127.0.0.2:9\", \"clientId\": \"c\", \"clientSecret\": \"s\","
                + " \"insecureAllowHttpLoopback\": true}]}", StandardCharsets.UTF_8);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ReferenceHost.start(
                "lockout", ReferenceHost.reserveBaseUrl(), config, workDir, List.of()));
        assertTrue(refused.getMessage().contains("would lock every administrator out; nothing was stored"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("/emergency/allowedGroups: is empty"), refused.getMessage());
    }

    /** The state of IdP {@code id}'s circuit on the health endpoint once it is {@code wanted} (at most 70 s). */
    private static String awaitCircuit(String id, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(70).toNanos();
        String state = null;
        while (System.nanoTime() < deadline) {
            JsonObject body = JsonParser.parseString(new ScriptedUserAgent().get(host.url(HEALTH_PATH)).body())
                    .getAsJsonObject();
            for (var entry : body.getAsJsonArray("idps")) {
                if (id.equals(entry.getAsJsonObject().get("id").getAsString())) {
                    state = entry.getAsJsonObject().get("state").getAsString();
                }
            }
            if (wanted.equals(state)) {
                return state;
            }
            Thread.sleep(200);
        }
        return state;
    }

    /** The value of cookie {@code name} in a Cookie header; fails when absent. */
    private static String cookie(String header, String name) {
        for (String pair : header == null ? new String[0] : header.split(";\\s*")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no cookie " + name + " in " + header);
    }

    /** {@code /rest/whoami} with one extra header and nothing else (no cookie jar). */
    private static HttpResponse<String> whoami(String header, String value) {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                    HttpRequest.newBuilder(host.url("/rest/whoami")).header(header, value)
                            .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
