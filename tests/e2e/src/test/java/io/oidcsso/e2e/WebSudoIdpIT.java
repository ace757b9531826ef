package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Websudo through the IdP (docs/security.md, "Websudo through the IdP") on the reference host in
 * Confluence mode, whose websudo page is {@code /authenticate.action?destination=} and whose own
 * websudo manager (the {@code ContainerManager} bean {@code webSudoManager}) is the only way an
 * SSO-bound session gets websudo. The dev IdP's {@code alice} is an administrator through an
 * {@code exact} group rule ({@code engineering} to {@code ref-admins}). Her admin page sends her to
 * the product's websudo page, the plugin sends her from there to the IdP with {@code prompt=login}
 * and {@code max_age=0}, she signs in again and the page loads; {@code bob} signing in at her
 * re-authentication is refused ({@code reauthentication_other_user}) and opens no websudo; a
 * local-password administrator keeps the product's password form.
 */
class WebSudoIdpIT {
    private static final String ADMIN_PAGE = "/plugins/servlet/oidc-sso/admin";
    private static final String WEBSUDO_PAGE = "/authenticate.action";
    private static final String ADMIN_GROUP = "ref-admins";

    @RegisterExtension
    static final DumpOutputOnFailure DUMP = new DumpOutputOnFailure();

    private static Path workDir;
    private static DevIdp idp;
    private static ReferenceHost host;

    @BeforeAll
    static void startIdpAndConfluenceHost() {
        workDir = E2eSettings.workDir().resolve("websudo-" + System.currentTimeMillis());
        URI hostBaseUrl = ReferenceHost.reserveBaseUrl();
        idp = DevIdp.start(workDir.resolve("logs"), List.of(hostBaseUrl));
        DUMP.watch(idp.process());
        Path config = withAdminRule(PluginConfig.writeForDevIdp(idp.issuer(), workDir.resolve("oidc-sso-config.json")));
        host = ReferenceHost.start("confluence", hostBaseUrl, config, workDir, List.of(),
                List.of("--product", "confluence"));
        DUMP.watch(host.process());
    }

    @AfterAll
    static void stopIdpAndHost() {
        if (host != null) {
            host.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void adminPageWhenSsoAdminThenIdpWithPromptLoginAndMaxAgeZeroAndAfterSigningInAgainThePageLoads() {
        ScriptedUserAgent alice = ssoLogin("alice");
        URI authorize = reauthenticationUrl(alice);

        HttpResponse<String> callback = alice.get(
                ScriptedLogin.signInAtIdp(alice, authorize, "alice", "alice", host.url(E2eSettings.CALLBACK_PATH)));

        assertEquals(302, callback.statusCode(), callback.body());
        assertEquals(ADMIN_PAGE, ScriptedUserAgent.location(callback).getPath());
        HttpResponse<String> page = alice.get(host.url(ADMIN_PAGE));
        assertEquals(200, page.statusCode(), "the admin page in websudo: " + page.body());
        assertEquals(1, awaitLogged("websudo.started", "user", "alice"));
    }

    @Test
    void reauthenticationWhenAnotherDevIdpUserSignsInThenRefusedWithReauthenticationOtherUserAndNoWebsudo() {
        ScriptedUserAgent alice = ssoLogin("alice");
        URI authorize = reauthenticationUrl(alice);

        HttpResponse<String> callback = alice.get(
                ScriptedLogin.signInAtIdp(alice, authorize, "bob", "bob", host.url(E2eSettings.CALLBACK_PATH)));

        assertEquals(403, callback.statusCode(), callback.body());
        assertTrue(callback.body().contains("reauthentication_other_user"), callback.body());
        HttpResponse<String> page = alice.get(host.url(ADMIN_PAGE));
        assertEquals(302, page.statusCode(), "still no websudo: " + page.body());
        // The dev IdP ended alice's IdP session when bob signed in, and its back-channel logout may
        // already have ended her host session too: the websudo page or the login page, never the admin page.
        assertTrue(List.of(WEBSUDO_PAGE, "/login.action").contains(ScriptedUserAgent.location(page).getPath()),
                ScriptedUserAgent.location(page).toString());
        assertEquals(1, awaitLogged("websudo.refused", "subject", "bob-sub"));
        assertEquals(0, AuditLines.count(host.process().lines(), "websudo.started", "subject", "bob-sub"));
    }

    @Test
    void webSudoPageWhenLocalPasswordAdminThenTheProductsFormNotTheIdp() {
        ScriptedUserAgent admin = new ScriptedUserAgent();
        HttpResponse<String> login = admin.postForm(host.url(E2eSettings.LOCAL_LOGIN_PATH),
                Map.of("os_username", "admin", "os_password", "admin"), host.url("/").toString());
        assertEquals(302, login.statusCode(), login.body());

        HttpResponse<String> form = admin.get(host.url(WEBSUDO_PAGE + "?destination=%2Fsecure%2Fdashboard"));

        assertEquals(200, form.statusCode(), form.body());
        assertTrue(form.body().contains("id=\"websudo-form\""), form.body());
        HttpResponse<String> page = admin.get(host.url(ADMIN_PAGE));
        assertEquals(200, page.statusCode(), "the local login opened websudo, as before");
    }

    /** A fresh user agent signed in through the dev IdP as {@code username}. */
    private static ScriptedUserAgent ssoLogin(String username) {
        ScriptedUserAgent agent = new ScriptedUserAgent();
        URI authorize = ScriptedLogin.startAtHost(agent, host, "/secure/dashboard", idp.issuer());
        HttpResponse<String> callback = agent.get(ScriptedLogin.signInAtIdp(agent, authorize, username, username,
                host.url(E2eSettings.CALLBACK_PATH)));
        assertEquals(302, callback.statusCode(), callback.body());
        return agent;
    }

    /**
     * The admin page, then the product's websudo page with Confluence's {@code destination}, then the
     * IdP's authorization URL with {@code prompt=login} and {@code max_age=0}.
     */
    private static URI reauthenticationUrl(ScriptedUserAgent agent) {
        HttpResponse<String> admin = agent.get(host.url(ADMIN_PAGE));
        assertEquals(302, admin.statusCode(), "the SSO admin has no websudo yet: " + admin.body());
        URI webSudo = host.url("/").resolve(ScriptedUserAgent.location(admin));
        assertEquals(WEBSUDO_PAGE, webSudo.getPath());
        assertEquals(ADMIN_PAGE, query(webSudo).get("destination"));

        HttpResponse<String> toIdp = agent.get(webSudo);
        assertEquals(302, toIdp.statusCode(), toIdp.body());
        URI authorize = ScriptedUserAgent.location(toIdp);
        assertTrue(ScriptedLogin.sameOrigin(authorize, idp.issuer()), authorize.toString());
        Map<String, String> parameters = query(authorize);
        assertEquals("login", parameters.get("prompt"), authorize.toString());
        assertEquals("0", parameters.get("max_age"), authorize.toString());
        assertFalse(authorize.toString().contains("prompt=none"));
        return authorize;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new HashMap<>();
        String raw = uri.getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** The dev IdP's config plus an exact rule that makes {@code engineering} (alice) an administrator. */
    private static Path withAdminRule(Path file) {
        try {
            JsonObject document = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            JsonObject groups = document.getAsJsonArray("idps").get(0).getAsJsonObject()
                    .getAsJsonObject("provisioning").getAsJsonObject("groups");
            JsonObject rule = new JsonObject();
            rule.addProperty("match", "exact");
            rule.addProperty("value", "engineering");
            rule.addProperty("renameTo", ADMIN_GROUP);
            JsonArray rules = new JsonArray();
            rules.add(rule);
            groups.add("rules", rules);
            JsonArray admins = new JsonArray();
            admins.add(ADMIN_GROUP);
            groups.add("adminGroups", admins);
            Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(document));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extend " + file, e);
        }
    }

    /** How many audit lines of {@code event} with these fields the host printed, waiting up to 10 s for one. */
    private static long awaitLogged(String event, String... fields) {
        long deadline = System.currentTimeMillis() + 10_000;
        long count;
        do {
            count = AuditLines.count(host.process().lines(), event, fields);
            if (count > 0) {
                return count;
            }
            sleep();
        } while (System.currentTimeMillis() < deadline);
        return count;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
