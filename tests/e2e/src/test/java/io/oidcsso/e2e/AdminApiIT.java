package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The admin REST API over HTTP (issue 11 items 2-4): host A runs the dev IdP's configuration; host
 * B starts with a 450-IdP document through {@code --config} (far above one settings value). In
 * order: every refusal an admin or an attacker can cause is the contract's JSON error, never a 500;
 * the stored secret is never sent back; invalid, lockout and stale saves store nothing; a save with
 * the secret's placeholder is active at once and a login still works (the secret was kept); an
 * export with encrypted secrets previews without changes on A and, imported into host B, replaces
 * its 450 IdPs and logs a user in there; a 450-IdP document imports through the API; neither host's
 * log nor any answer holds a secret value. Two host starts (~10 s) per platform.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiIT {
    @RegisterExtension
    static final DumpOutputOnFailure DUMP = new DumpOutputOnFailure();

    private static final String PASSPHRASE = "export passphrase for the test";
    private static final String BIG_SECRET = "secret-of-a-big-idp-";
    private static final int BIG_IDPS = 450;

    private static Path workDir;
    private static DevIdp idp;
    private static ReferenceHost hostA;
    private static ReferenceHost hostB;
    private static AdminApiClient adminA;
    private static String encryptedExport;

    @BeforeAll
    static void start() throws IOException {
        workDir = E2eSettings.workDir().resolve("admin-api-" + System.currentTimeMillis());
        URI baseA = ReferenceHost.reserveBaseUrl();
        URI baseB = ReferenceHost.reserveBaseUrl();
        idp = DevIdp.start(workDir.resolve("logs"), List.of(baseA, baseB));
        DUMP.watch(idp.process());
        Path config = PluginConfig.writeForDevIdp(idp.issuer(), workDir.resolve("oidc-sso-config.json"));
        hostA = ReferenceHost.start("admin-api-a", baseA, config, workDir, List.of());
        DUMP.watch(hostA.process());
        Path big = workDir.resolve("big-config.json");
        Files.writeString(big, bigDocument(config, "b").toString(), StandardCharsets.UTF_8);
        assertTrue(Files.size(big) > 99_000, "the --config document is larger than one settings value");
        hostB = ReferenceHost.start("admin-api-b", baseB, big, workDir, List.of());
        DUMP.watch(hostB.process());
        adminA = AdminApiClient.loggedIn(hostA::url, "admin", "admin");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable part : new AutoCloseable[] {hostB, hostA, idp}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.out.println("AdminApiIT: could not stop " + part + ": " + e);
                }
            }
        }
    }

    /** The dev IdP's document with {@value #BIG_IDPS} IdPs in all (the others never reached), the dev IdP the fallback. */
    private static JsonObject bigDocument(Path devConfig, String tag) throws IOException {
        JsonObject document = JsonParser.parseString(Files.readString(devConfig)).getAsJsonObject();
        JsonArray idps = document.getAsJsonArray("idps");
        for (int i = 1; i < BIG_IDPS; i++) {
            JsonObject other = new JsonObject();
            other.addProperty("id", "big-" + tag + "-" + i);
            other.addProperty("displayName", "A configured IdP number " + i + " of a large organisation");
            other.addProperty("issuer", "https://idp-" + i + ".login.example.com/realms/organisation-" + tag);
            other.addProperty("clientId", "client-application-" + tag + "-" + i);
            other.addProperty("clientSecret", BIG_SECRET + tag + "-" + i);
            idps.add(other);
        }
        JsonObject fallback = new JsonObject();
        fallback.addProperty("match", "fallback");
        fallback.addProperty("idp", "dev");
        JsonArray rules = new JsonArray();
        rules.add(fallback);
        JsonObject routing = new JsonObject();
        routing.add("rules", rules);
        document.add("routing", routing);
        return document;
    }

    private static JsonObject stored(AdminApiClient client) {
        return AdminApiClient.ok(client.get("config"));
    }

    private static String put(long revision, JsonObject config) {
        JsonObject body = new JsonObject();
        body.addProperty("revision", revision);
        body.add("config", config);
        return body.toString();
    }

    @Test
    @Order(1)
    void requestsWhenNotAnAdminInWebSudoWithTheXsrfHeaderOrWellFormedThenTheContractsErrorsNeverA500() {
        AdminApiClient anonymous = AdminApiClient.anonymous(hostA::url);
        assertEquals("unauthenticated", AdminApiClient.error(anonymous.get("config"), 401));
        AdminApiClient local = AdminApiClient.loggedIn(hostA::url, "local", "local");
        assertEquals("forbidden", AdminApiClient.error(local.get("config"), 403));
        assertEquals("forbidden", AdminApiClient.error(local.send("PUT", "config", "{}"), 403));
        // HTTP Basic authenticates the administrator but opens no websudo session.
        AdminApiClient basic = AdminApiClient.anonymous(hostA::url);
        String credentials = java.util.Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
        assertEquals("websudo_required", AdminApiClient.error(basic.send("GET", "config", null,
                Map.of("Authorization", "Basic " + credentials)), 401));

        long revision = stored(adminA).get("revision").getAsLong();
        String body = put(revision, stored(adminA).getAsJsonObject("config"));
        assertEquals("xsrf", AdminApiClient.error(adminA.send("PUT", "config", body,
                Map.of("Content-Type", "application/json")), 403));
        assertEquals("xsrf", AdminApiClient.error(adminA.send("PUT", "config", body,
                Map.of("Content-Type", "text/plain", "X-Atlassian-Token", "no-check")), 403));
        assertEquals("malformed_json", AdminApiClient.error(adminA.send("PUT", "config", "{\"revision\":"), 400));
        assertEquals("invalid_request", AdminApiClient.error(adminA.send("PUT", "config",
                "{\"revision\":\"one\",\"config\":{}}"), 400));
        assertEquals("invalid_request", AdminApiClient.error(adminA.send("PUT", "config",
                "{\"revision\":1,\"config\":\"text\"}"), 400));
        assertEquals("too_large", AdminApiClient.error(adminA.send("POST", "config/validate",
                "{\"config\":{\"x\":\"" + "a".repeat(8 * 1024 * 1024) + "\"}}"), 413));
        assertEquals("not_found", AdminApiClient.error(adminA.get("nothing-here"), 404));
        assertEquals(revision, stored(adminA).get("revision").getAsLong(), "nothing was stored");
        assertFalse(hostA.process().lines().stream().anyMatch(l -> l.contains("admin API") && l.contains("failed")),
                "no request ended in the API's internal-error path");
    }

    @Test
    @Order(2)
    void getConfigWhenSecretStoredThenPlaceholderAndStatusShowsTheRevision() {
        JsonObject answer = stored(adminA);
        JsonObject dev = answer.getAsJsonObject("config").getAsJsonArray("idps").get(0).getAsJsonObject();
        assertEquals("{\"$secret\":\"set\"}", dev.get("clientSecret").toString());
        JsonObject status = AdminApiClient.ok(adminA.get("status"));
        assertEquals(answer.get("revision").getAsLong(), status.get("revision").getAsLong());
        assertEquals("on", status.get("sso").getAsString());
        assertEquals("admin-api-a", status.get("node").getAsString());
        assertEquals("dev", status.getAsJsonArray("idps").get(0).getAsJsonObject().get("id").getAsString());
        HttpResponse<String> catalog = adminA.get("presets");
        assertEquals(200, catalog.statusCode(), catalog.body());
        JsonArray presets = JsonParser.parseString(catalog.body()).getAsJsonArray();
        assertTrue(presets.toString().contains("\"id\":\"entra\""), presets.toString());
    }

    @Test
    @Order(2)
    void discoverWhenDevIdpsIssuerThenItsEndpointsFetchedByTheCoreElseDiscoveryFailed() {
        JsonObject found = AdminApiClient.ok(adminA.send("POST", "discover", "{\"url\":\"" + idp.issuer()
                + "/.well-known/openid-configuration\",\"insecureAllowHttpLoopback\":true}"));
        assertEquals(idp.issuer().toString(), found.get("issuer").getAsString());
        assertTrue(found.get("tokenEndpoint").getAsString().startsWith(idp.issuer().toString()), found.toString());
        assertTrue(found.getAsJsonArray("idTokenSigningAlgValuesSupported").size() > 0, found.toString());
        // Plain http without the development flag is refused by the core's URL policy.
        HttpResponse<String> refused = adminA.send("POST", "discover", "{\"url\":\"" + idp.issuer() + "\"}");
        assertEquals("discovery_failed", AdminApiClient.error(refused, 400));
        assertTrue(refused.body().contains("insecureAllowHttpLoopback"), refused.body());
        // Nothing listens on port 1.
        assertEquals("discovery_failed", AdminApiClient.error(adminA.send("POST", "discover",
                "{\"url\":\"http://127.0.0.1:1/realms/x\",\"insecureAllowHttpLoopback\":true}"), 502));
    }

    @Test
    @Order(2)
    void dryRunAndTemplatePreviewWhenDraftSentThenTheCoresAnswerAndNothingStoredElse403ForNonAdmins() {
        JsonObject answer = stored(adminA);
        long revision = answer.get("revision").getAsLong();
        JsonObject draft = answer.getAsJsonObject("config").deepCopy();
        draft.getAsJsonArray("idps").get(0).getAsJsonObject().add("provisioning", JsonParser.parseString(
                "{\"groups\":{\"mode\":\"allowlist\",\"rules\":[{\"match\":\"exact\",\"value\":\"eng\","
                + "\"renameTo\":\"jira-developers\"}]}}"));
        JsonObject dryRun = AdminApiClient.ok(adminA.send("POST", "groups/dry-run", "{\"config\":" + draft
                + ",\"idp\":\"dev\",\"claims\":{\"sub\":\"z\",\"preferred_username\":\"zed\","
                + "\"groups\":[\"eng\",\"other\"]},\"existingGroups\":[\"jira-software-users\"]}"));
        assertEquals("zed", dryRun.getAsJsonObject("identity").get("username").getAsString(), dryRun.toString());
        String groups = dryRun.getAsJsonObject("plan").getAsJsonArray("groups").toString();
        assertTrue(groups.contains("{\"action\":\"add\",\"group\":\"jira-developers\""), groups);
        assertTrue(groups.contains("{\"action\":\"ignored\",\"group\":\"other\""), groups);
        // The stored document (no rules): every claimed group synced as it is.
        JsonObject stored = AdminApiClient.ok(adminA.send("POST", "groups/dry-run",
                "{\"idp\":\"dev\",\"claims\":{\"preferred_username\":\"zed\",\"groups\":[\"eng\"]}}"));
        assertTrue(stored.getAsJsonObject("plan").getAsJsonArray("groups").toString()
                .contains("{\"action\":\"add\",\"group\":\"eng\""), stored.toString());
        JsonObject refused = AdminApiClient.ok(adminA.send("POST", "groups/dry-run",
                "{\"idp\":\"dev\",\"claims\":{\"sub\":\"z\"}}"));
        assertEquals("missing_username_claim", refused.getAsJsonObject("failure").get("code").getAsString());

        draft.add("templates", JsonParser.parseString("{\"error\":\"<h1>{{ site_name }}</h1><p>{{ code }}</p>\"}"));
        JsonObject preview = AdminApiClient.ok(adminA.send("POST", "templates/preview", "{\"config\":" + draft
                + ",\"template\":\"error\",\"sample\":{\"siteName\":\"<Acme>\",\"code\":\"state_mismatch\"}}"));
        assertEquals("<h1>&lt;Acme&gt;</h1><p>state_mismatch</p>", preview.get("html").getAsString());
        draft.add("templates", JsonParser.parseString("{\"error\":\"{% for a in range(1000) %}{% for b in range(1000) %}"
                + "{% for c in range(1000) %}x{% endfor %}{% endfor %}{% endfor %}\"}"));
        JsonObject runaway = AdminApiClient.ok(adminA.send("POST", "templates/preview", "{\"config\":" + draft
                + ",\"template\":\"error\"}"));
        assertTrue(runaway.get("html").isJsonNull(), runaway.toString());
        assertTrue(runaway.getAsJsonArray("problems").toString().contains("/templates/error"), runaway.toString());

        AdminApiClient local = AdminApiClient.loggedIn(hostA::url, "local", "local");
        assertEquals("forbidden", AdminApiClient.error(local.send("POST", "groups/dry-run",
                "{\"idp\":\"dev\",\"claims\":{}}"), 403));
        assertEquals("forbidden", AdminApiClient.error(local.send("POST", "templates/preview",
                "{\"template\":\"error\"}"), 403));
        assertEquals(revision, stored(adminA).get("revision").getAsLong(), "nothing was stored");
    }

    /**
     * A refusal sent before the request's body was read (the guard's 401/403, the host's admin gate)
     * must not leave the client a kept-alive connection the server then drops: the JDK client sent
     * its next POST on such a connection and got "header parser received no bytes". The body is held
     * back until the server answered (or 1.5 s passed), then the body and a second request follow on
     * the same connection: the first answer says {@code Connection: close}, or the second is answered.
     */
    @Test
    @Order(2)
    void refusalsWhenTheBodyIsNotReadYetThenTheConnectionIsClosedOrTheNextRequestOnItIsAnswered() {
        AdminApiClient local = AdminApiClient.loggedIn(hostA::url, "local", "local");
        String json = "Content-Type: application/json";
        String xsrf = "X-Atlassian-Token: no-check";
        String basic = "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString(
                "admin:admin".getBytes(StandardCharsets.UTF_8));
        String dryRun = AdminApiClient.API_PATH + "groups/dry-run";
        String users = "/rest/api/latest/admin/users/";
        assertAll(
                () -> assertRefusalKeepsTheConnectionUsable("unauthenticated", 401, dryRun, json, xsrf),
                () -> assertRefusalKeepsTheConnectionUsable("forbidden", 403, dryRun, json, xsrf,
                        "Cookie: " + local.cookieHeader()),
                () -> assertRefusalKeepsTheConnectionUsable("websudo_required", 401, dryRun, json, xsrf, basic),
                () -> assertRefusalKeepsTheConnectionUsable("xsrf", 403, dryRun, json, "Cookie: " + adminA.cookieHeader()),
                // The host's own admin gate (AdminOnly) refuses before reading the body too.
                () -> assertRefusalKeepsTheConnectionUsable("forbidden", 403, users, json, xsrf,
                        "Cookie: " + local.cookieHeader()),
                () -> assertRefusalKeepsTheConnectionUsable("xsrf_check_failed", 403, users, json,
                        "Cookie: " + adminA.cookieHeader()));
    }

    /**
     * The same rule for the other answers given before the body is read: the host's SecurityFilter 401s
     * (anonymous REST request, wrong HTTP Basic credentials) and the plugin servlets'
     * 405 for a method they do not serve (plain text: the callback, the break-glass page, the back-channel
     * logout). Stricter than the admin API's check: the short body is read and dropped, so the answer keeps
     * the connection and the next request on it is answered (before: the host's 401 said
     * {@code Connection: close}; the plugin's 405, already flushed, kept it and the next request got none).
     */
    @Test
    @Order(2)
    void earlyAnswersOfTheHostAndThePluginServletsWhenTheBodyIsNotReadYetThenDroppedAndTheNextRequestAnswered() {
        String json = "Content-Type: application/json";
        String wrongBasic = "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString(
                "nobody:wrong".getBytes(StandardCharsets.UTF_8));
        assertAll(
                () -> assertEarlyAnswerKeepsTheConnectionUsable(true, 401, "POST", "/rest/api/latest/myself", json),
                () -> assertEarlyAnswerKeepsTheConnectionUsable(true, 401, "POST", "/rest/api/latest/myself", json,
                        wrongBasic),
                () -> assertEarlyAnswerKeepsTheConnectionUsable(true, 405, "PUT", E2eSettings.CALLBACK_PATH, json),
                () -> assertEarlyAnswerKeepsTheConnectionUsable(true, 405, "PUT",
                        "/plugins/servlet/oidc-sso/break-glass", json),
                () -> assertEarlyAnswerKeepsTheConnectionUsable(true, 405, "PUT",
                        "/plugins/servlet/oidc-sso/backchannel-logout", json));
    }

    /**
     * The host's login redirect is an early answer too: an anonymous form POST to a protected page (a session that
     * expired while the user filled the form in) is sent to the login page (302) before its body is read; the
     * short body is dropped and the next request on the connection answered.
     */
    @Test
    @Order(2)
    void loginRedirectWhenAnonymousPostToAProtectedPageAndTheBodyIsNotReadYetThenDroppedAndTheNextRequestAnswered() {
        RawHttp.Response redirect = EarlyAnswers.assertConnectionUsable(hostA.url("/"), true, 302, "POST",
                "/secure/dashboard", "Content-Type: application/x-www-form-urlencoded");

        assertTrue(redirect.header("Location").contains("?os_destination=%2Fsecure%2Fdashboard"),
                redirect.header("Location"));
    }

    /** {@code dropped}: the short body must be read and dropped (no {@code Connection: close}). */
    private static RawHttp.Response assertEarlyAnswerKeepsTheConnectionUsable(boolean dropped, int status,
            String method, String target, String... headers) {
        return EarlyAnswers.assertConnectionUsable(hostA.url("/"), dropped, status, method, target, headers);
    }

    private static void assertRefusalKeepsTheConnectionUsable(String error, int status, String target,
            String... headers) {
        RawHttp.Response first = assertEarlyAnswerKeepsTheConnectionUsable(false, status, "POST", target, headers);
        assertEquals(error, JsonParser.parseString(first.body()).getAsJsonObject().get("error").getAsString(),
                first.toString());
    }

    @Test
    @Order(3)
    void putWhenInvalidLockoutOrStaleThenProblemsByPointerAndNothingStored() {
        JsonObject answer = stored(adminA);
        long revision = answer.get("revision").getAsLong();
        JsonObject invalid = answer.getAsJsonObject("config").deepCopy();
        invalid.getAsJsonArray("idps").get(0).getAsJsonObject().addProperty("issuer", "not a url");
        HttpResponse<String> refused = adminA.send("PUT", "config", put(revision, invalid));
        assertEquals("invalid", AdminApiClient.error(refused, 400));
        assertTrue(refused.body().contains("\"pointer\":\"/idps/0/issuer\""), refused.body());

        JsonObject lockout = answer.getAsJsonObject("config").deepCopy();
        lockout.add("routing", JsonParser.parseString("{\"enforceSso\":true}"));
        lockout.add("emergency", JsonParser.parseString("{\"enabled\":false}"));
        assertEquals("lockout", AdminApiClient.error(adminA.send("PUT", "config", put(revision, lockout)), 400));
        JsonObject validated = AdminApiClient.ok(adminA.send("POST", "config/validate",
                "{\"config\":" + lockout + "}"));
        assertTrue(validated.getAsJsonArray("problems").size() > 0, validated.toString());

        HttpResponse<String> stale = adminA.send("PUT", "config", put(revision - 1, answer.getAsJsonObject("config")));
        assertEquals("stale_revision", AdminApiClient.error(stale, 409));
        assertTrue(stale.body().contains("\"currentRevision\":" + revision), stale.body());
        assertEquals(revision, stored(adminA).get("revision").getAsLong(), "nothing was stored");
    }

    @Test
    @Order(4)
    void putWhenPlaceholderKeepsTheSecretThenActiveAtOnceAndALoginStillWorks() {
        JsonObject answer = stored(adminA);
        long revision = answer.get("revision").getAsLong();
        JsonObject config = answer.getAsJsonObject("config");
        config.getAsJsonArray("idps").get(0).getAsJsonObject().addProperty("displayName", "Dev IdP (edited)");
        JsonObject saved = AdminApiClient.ok(adminA.send("PUT", "config", put(revision, config)));
        assertEquals(revision + 1, saved.get("revision").getAsLong());
        assertEquals(revision + 1, AdminApiClient.ok(adminA.get("status")).get("revision").getAsLong(),
                "active on this node at once");
        assertEquals("Dev IdP (edited)", stored(adminA).getAsJsonObject("config").getAsJsonArray("idps").get(0)
                .getAsJsonObject().get("displayName").getAsString());
        assertEquals("alice", loginAt(hostA, "alice"), "the kept client secret still works at the token endpoint");
        assertTrue(AuditLines.matching(hostA.process().lines(), "config.saved", "by", "admin", "via", "api").stream()
                .anyMatch(e -> e.get("pointers").getAsString().contains("/idps/0/displayName")), "the save is audited");
    }

    @Test
    @Order(5)
    void exportWhenEncryptedThenNoSecretInClearAndAPreviewOnTheSameHostShowsNoChange() {
        HttpResponse<String> omitted = adminA.send("POST", "export", "{\"secrets\":\"omit\"}");
        JsonObject plain = AdminApiClient.ok(omitted);
        assertTrue(omitted.headers().firstValue("Content-Disposition").orElse("").contains("oidc-sso-config-r"),
                omitted.headers().map().toString());
        assertTrue(plain.get("secrets").isJsonNull());
        HttpResponse<String> encrypted = adminA.send("POST", "export",
                "{\"secrets\":\"encrypt\",\"passphrase\":\"" + PASSPHRASE + "\"}");
        JsonObject document = AdminApiClient.ok(encrypted);
        assertEquals("PBKDF2-HMAC-SHA256", document.getAsJsonObject("secrets").get("kdf").getAsString());
        encryptedExport = encrypted.body();

        JsonObject preview = AdminApiClient.ok(adminA.send("POST", "import/preview",
                "{\"document\":" + omitted.body() + "}"));
        assertEquals("[]", preview.get("diff").toString(), "the stored secrets stay: no change");
        assertEquals("[]", preview.get("problems").toString());
        assertEquals("wrong_passphrase", AdminApiClient.error(adminA.send("POST", "import/preview",
                "{\"document\":" + encryptedExport + ",\"passphrase\":\"not the passphrase at all\"}"), 400));
    }

    @Test
    @Order(6)
    void importWhenEncryptedExportIntoTheHostWith450IdpsThenReplacedAndALoginWorksThere() {
        AdminApiClient adminB = AdminApiClient.loggedIn(hostB::url, "admin", "admin");
        JsonObject before = stored(adminB);
        assertEquals(BIG_IDPS, before.getAsJsonObject("config").getAsJsonArray("idps").size(),
                "the 450-IdP --config document was imported at start");
        long revision = before.get("revision").getAsLong();

        String body = "{\"revision\":" + revision + ",\"document\":" + encryptedExport + ",\"passphrase\":\""
                + PASSPHRASE + "\"}";
        JsonObject preview = AdminApiClient.ok(adminB.send("POST", "import/preview", body));
        assertEquals("[]", preview.get("problems").toString(), preview.toString());
        assertTrue(preview.get("diff").toString().contains("\"pointer\":\"/idps/1\",\"change\":\"removed\""),
                preview.get("diff").toString().substring(0, 300));
        assertEquals("wrong_passphrase", AdminApiClient.error(adminB.send("POST", "import",
                body.replace(PASSPHRASE, "not the passphrase at all")), 400));
        assertEquals(revision, stored(adminB).get("revision").getAsLong(), "nothing changed");

        assertEquals(revision + 1, AdminApiClient.ok(adminB.send("POST", "import", body)).get("revision").getAsLong());
        assertEquals(1, stored(adminB).getAsJsonObject("config").getAsJsonArray("idps").size());
        assertEquals("bob", loginAt(hostB, "bob"), "the client secret came with the export");
        assertFalse(adminB.received().contains(BIG_SECRET) || adminB.received().contains(E2eSettings.CLIENT_SECRET),
                "no secret in any answer");
    }

    @Test
    @Order(7)
    void importWhen450IdpDocumentThroughTheApiThenStoredAndActive() throws IOException {
        JsonObject big = bigDocument(PluginConfig.writeForDevIdp(idp.issuer(), workDir.resolve("again.json")), "a");
        assertTrue(big.toString().length() > 99_000, "length " + big.toString().length());
        long revision = stored(adminA).get("revision").getAsLong();
        JsonObject saved = AdminApiClient.ok(adminA.send("POST", "import", "{\"revision\":" + revision
                + ",\"document\":" + big + "}"));
        assertEquals(revision + 1, saved.get("revision").getAsLong());
        JsonObject status = AdminApiClient.ok(adminA.get("status"));
        assertEquals(revision + 1, status.get("revision").getAsLong());
        assertEquals(BIG_IDPS, status.getAsJsonArray("idps").size(), status.get("engine").getAsString());
        assertEquals(BIG_IDPS, stored(adminA).getAsJsonObject("config").getAsJsonArray("idps").size());
        assertEquals("carol", loginAt(hostA, "carol"));
    }

    @Test
    @Order(8)
    void logsAndAnswersWhenEverythingAboveRanThenNoSecretValueAnywhere() {
        for (ReferenceHost host : List.of(hostA, hostB)) {
            List<String> log = host.process().lines();
            assertTrue(log.stream().noneMatch(l -> l.contains(E2eSettings.CLIENT_SECRET) || l.contains(BIG_SECRET)
                    || l.contains(PASSPHRASE)), "a secret in the log of " + host);
        }
        assertFalse(adminA.received().contains(E2eSettings.CLIENT_SECRET) || adminA.received().contains(BIG_SECRET),
                "a secret in an answer");
    }

    /** A scripted SSO login at {@code host} through the dev IdP; the user the host then sees. */
    private static String loginAt(ReferenceHost host, String user) {
        ScriptedUserAgent agent = new ScriptedUserAgent();
        URI authorization = ScriptedLogin.startAtHost(agent, host, "/secure/dashboard", idp.issuer());
        URI callback = ScriptedLogin.signInAtIdp(agent, authorization, user, user, host.url(E2eSettings.CALLBACK_PATH));
        HttpResponse<String> landing = agent.get(callback);
        assertEquals(302, landing.statusCode(), landing.body());
        return Whoami.parse(agent.get(host.url("/rest/whoami")).body()).user();
    }
}
