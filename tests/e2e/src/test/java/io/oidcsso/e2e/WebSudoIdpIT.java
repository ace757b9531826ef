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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Websudo through the IdP (docs/security.md, "Websudo through the IdP"), the scenarios run on each product
 * stand-in whose own websudo manager is the only way an SSO-bound session gets websudo: Confluence mode
 * ({@link WebSudoIdpConfluenceIT}) and Jira mode ({@link WebSudoIdpJiraIT}), each with its own websudo page
 * and destination parameter. The dev IdP's {@code alice} is an administrator through an {@code exact} group
 * rule ({@code engineering} to {@code ref-admins}). Her admin page sends her to the product's websudo page,
 * the plugin sends her from there to the IdP with {@code prompt=login} and {@code max_age=0}, she signs in
 * again and the page loads; {@code bob} signing in at her re-authentication is refused
 * ({@code reauthentication_other_user}) and opens no websudo; a local-password administrator keeps the
 * product's password form.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebSudoIdpIT {
    private static final String ADMIN_PAGE = "/plugins/servlet/oidc-sso/admin";
    private static final String ADMIN_GROUP = "ref-admins";

    @RegisterExtension
    final DumpOutputOnFailure dump = new DumpOutputOnFailure();

    private final String product;
    private final String webSudoPage;
    private final String destinationParameter;
    private final String loginPage;
    private final String webSudoHeader;
    private DevIdp idp;
    private ReferenceHost host;

    /**
     * @param product the host's {@code --product}
     * @param webSudoPage the product's websudo page
     * @param destinationParameter the page's parameter naming where to go afterwards
     * @param loginPage the product's login page
     * @param webSudoHeader the {@code X-Atlassian-WebSudo} value the product's manager answers on the
     *     callback that started websudo, or null when it sets none
     */
    WebSudoIdpIT(String product, String webSudoPage, String destinationParameter, String loginPage,
            String webSudoHeader) {
        this.product = product;
        this.webSudoPage = webSudoPage;
        this.destinationParameter = destinationParameter;
        this.loginPage = loginPage;
        this.webSudoHeader = webSudoHeader;
    }

    @BeforeAll
    void startIdpAndProductHost() {
        Path workDir = E2eSettings.workDir().resolve("websudo-" + product + "-" + System.currentTimeMillis());
        URI hostBaseUrl = ReferenceHost.reserveBaseUrl();
        idp = DevIdp.start(workDir.resolve("logs"), List.of(hostBaseUrl));
        dump.watch(idp.process());
        Path config = withAdminRule(PluginConfig.writeForDevIdp(idp.issuer(), workDir.resolve("oidc-sso-config.json")));
        host = ReferenceHost.start(product, hostBaseUrl, config, workDir, List.of(), List.of("--product", product));
        dump.watch(host.process());
    }

    @AfterAll
    void stopIdpAndHost() {
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
        if (webSudoHeader != null) {
            // The product's own manager started it (Jira's answers this header).
            assertEquals(webSudoHeader, callback.headers().firstValue("X-Atlassian-WebSudo").orElse(null));
        }
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
        assertTrue(List.of(webSudoPage, loginPage).contains(ScriptedUserAgent.location(page).getPath()),
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

        HttpResponse<String> form =
                admin.get(host.url(webSudoPage + "?" + destinationParameter + "=%2Fsecure%2Fdashboard"));

        assertEquals(200, form.statusCode(), form.body());
        assertTrue(form.body().contains("id=\"websudo-form\""), form.body());
        HttpResponse<String> page = admin.get(host.url(ADMIN_PAGE));
        assertEquals(200, page.statusCode(), "the local login opened websudo, as before");
    }

    /** A fresh user agent signed in through the dev IdP as {@code username}. */
    private ScriptedUserAgent ssoLogin(String username) {
        ScriptedUserAgent agent = new ScriptedUserAgent();
        URI authorize = ScriptedLogin.startAtHost(agent, host, "/secure/dashboard", idp.issuer());
        HttpResponse<String> callback = agent.get(ScriptedLogin.signInAtIdp(agent, authorize, username, username,
                host.url(E2eSettings.CALLBACK_PATH)));
        assertEquals(302, callback.statusCode(), callback.body());
        return agent;
    }

    /**
     * The admin page, then the product's websudo page with the product's destination parameter, then the
     * IdP's authorization URL with {@code prompt=login} and {@code max_age=0}.
     */
    private URI reauthenticationUrl(ScriptedUserAgent agent) {
        HttpResponse<String> admin = agent.get(host.url(ADMIN_PAGE));
        assertEquals(302, admin.statusCode(), "the SSO admin has no websudo yet: " + admin.body());
        URI webSudo = host.url("/").resolve(ScriptedUserAgent.location(admin));
        assertEquals(webSudoPage, webSudo.getPath());
        assertEquals(ADMIN_PAGE, query(webSudo).get(destinationParameter));

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
    private long awaitLogged(String event, String... fields) {
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
