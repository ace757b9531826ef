package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Several IdPs at once (issue 5): the dev IdP (127.0.0.2) and a real Keycloak (127.0.0.3) behind one
 * reference host, with routing rules, a delayed auto-redirect, and the admin's own chooser template
 * (which shows a hostile display name, escaped). Keycloak starts once for the class. A second,
 * small host ({@code forcedHost}: the dev IdP alone, with its own {@code callbackPath} and
 * {@code forceLogin}) covers what needs another configuration.
 */
class MultiIdpIT {
    /** The Keycloak IdP's display name: markup that must reach the page escaped, never run. */
    private static final String HOSTILE_NAME = "Keycloak <script>window.pwned=1</script>";
    private static final String TEMPLATE_MARKER = "ACME sign-in portal";
    private static final String DELAYED_PATH = "/secure/kc-area";
    /** The dev IdP's own redirect URI on {@code forcedHost}. */
    private static final String OWN_CALLBACK = "/plugins/servlet/oidc-sso/callback/dev-own";
    /** Excluded from forceLogin on {@code forcedHost}. */
    private static final String EXCLUDED_PATH = "/about";

    @RegisterExtension
    static final DumpOutputOnFailure DUMP = new DumpOutputOnFailure();

    private static Path workDir;
    private static DevIdp devIdp;
    private static Keycloak keycloak;
    private static ReferenceHost host;
    private static ReferenceHost forcedHost;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void startIdpsAndHost() {
        workDir = E2eSettings.workDir().resolve("multi-idp-" + System.currentTimeMillis());
        URI hostBaseUrl = ReferenceHost.reserveBaseUrl();
        URI forcedBaseUrl = ReferenceHost.reserveBaseUrl();
        while (forcedBaseUrl.equals(hostBaseUrl)) {
            forcedBaseUrl = ReferenceHost.reserveBaseUrl();
        }
        devIdp = DevIdp.start(workDir.resolve("logs"), List.of(hostBaseUrl, forcedBaseUrl),
                List.of(URI.create(forcedBaseUrl + OWN_CALLBACK)));
        DUMP.watch(devIdp.process());
        keycloak = Keycloak.start(workDir, hostBaseUrl);
        DUMP.watch(keycloak.process());
        Path config = writeConfig(workDir.resolve("oidc-sso-config.json"), hostBaseUrl);
        host = ReferenceHost.start("multi-idp", hostBaseUrl, config, workDir, List.of());
        DUMP.watch(host.process());
        forcedHost = ReferenceHost.start("force-login", forcedBaseUrl,
                writeForcedConfig(workDir.resolve("force-login-config.json")), workDir, List.of());
        DUMP.watch(forcedHost.process());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable process : new AutoCloseable[] {forcedHost, host, keycloak, devIdp}) {
            try {
                if (process != null) {
                    process.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private BrowserSteps freshBrowser() {
        ChromeDriver driver = browsers.start(workDir);
        return new BrowserSteps(driver);
    }

    @Test
    void loginPageWhenTwoIdpsThenAdminsChooserTemplateWithBothButtonsAndHostileNameEscaped() {
        BrowserSteps browser = freshBrowser();
        browser.open(host.url("/login"));

        String text = browser.pageText();
        assertTrue(text.contains(TEMPLATE_MARKER), "the admin's template:\n" + browser.describe());
        assertTrue(text.contains("Sign in with the Dev IdP") && text.contains(HOSTILE_NAME), browser.describe());
        String html = browser.pageSource();
        assertFalse(html.contains("<script>window.pwned"), "markup from the configuration is escaped:\n" + html);
        assertNull(browser.script("window.pwned"), "the display name's script never ran");
    }

    @Test
    void chooserWhenDevButtonClickedThenSignInReturnsToOriginalPage() {
        BrowserSteps browser = freshBrowser();
        browser.open(host.url("/secure/dashboard"));
        browser.click("oidcsso-idp-dev");
        browser.signInAtDevIdp(devIdp.issuer(), "alice", "alice");
        browser.awaitLocation(host.baseUrl(), "/secure/dashboard");

        assertEquals("alice", browser.whoami(host).user(), browser.describe());
    }

    @Test
    void loginPageWhenIdpParameterThenStraightToKeycloakAndBack() {
        BrowserSteps browser = freshBrowser();
        browser.open(host.url("/login?idp=keycloak&os_destination=%2Fsecure%2Fdashboard"));
        browser.signInAtKeycloak(keycloak.issuer(), "kc-alice", "kc-alice");
        browser.awaitLocation(host.baseUrl(), "/secure/dashboard");

        assertEquals("kc-alice", browser.whoami(host).user(), browser.describe());
    }

    @Test
    void chooserWhenEmailOfKeycloakDomainTypedThenRoutedToKeycloak() {
        BrowserSteps browser = freshBrowser();
        browser.open(host.url("/login"));
        browser.typeAndSubmit("oidcsso_hint", "someone@keycloak.test");

        browser.awaitLocation(keycloak.issuer(), keycloak.issuer().getPath());
    }

    @Test
    void chooserWhenUnknownEmailDomainTypedThenChooserAgainSayingSoInWords() {
        BrowserSteps browser = freshBrowser();
        browser.open(host.url("/login"));
        browser.typeAndSubmit("oidcsso_hint", "someone@elsewhere.test");

        // This host's chooser is the admin's template: it shows the notice's sentence (and its code).
        assertTrue(browser.awaitText("We don't know the email domain elsewhere.test"), browser.describe());
        assertTrue(ScriptedLogin.sameOrigin(browser.currentUrl(), host.baseUrl()), browser.describe());
    }

    @Test
    void loginWhenPathRuleWithDelayedRedirectThenCountdownPageWithCancelLinkToChooser() {
        HttpResponse<String> page = new ScriptedUserAgent().get(host.url("/login?os_destination=" + DELAYED_PATH));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("http-equiv=\"refresh\""), page.body());
        assertFalse(page.body().contains("<script"), "no inline script (CSP)");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));

        BrowserSteps browser = freshBrowser();
        browser.open(host.url("/login?os_destination=" + DELAYED_PATH));
        browser.click("oidcsso-cancel");
        assertTrue(browser.awaitText("Sign in with the Dev IdP"), "back at the chooser:\n"
                + browser.describe());
        assertTrue(ScriptedLogin.sameOrigin(browser.currentUrl(), host.baseUrl()), browser.describe());
    }

    @Test
    void callbackWhenOtherIdpsIssuerThenIssuerMismatchBeforeAnyTokenRequest() {
        ScriptedUserAgent agent = new ScriptedUserAgent();
        URI authorization = ScriptedLogin.startAtHost(agent, host, "/login?idp=dev", devIdp.issuer());
        URI callback = ScriptedLogin.signInAtIdp(agent, authorization, "bob", "bob",
                host.url(E2eSettings.CALLBACK_PATH));

        long tokenRequestsBefore = tokenRequests();
        HttpResponse<String> response = agent.get(ScriptedLogin.withQueryParameter(callback, "iss",
                keycloak.issuer().toString()));

        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, response.body());
        assertTrue(response.body().contains("issuer_mismatch"), response.body());
        HttpResponse<String> me = agent.get(host.url("/rest/whoami"));
        assertNull(Whoami.parse(me.body()).user(), "no session after a mixed-up callback");
        assertEquals(tokenRequestsBefore, tokenRequests(), "the code never reached a token endpoint");
    }

    @Test
    void initiateWhenDevIssuerThenSignedInAndLandsOnTargetLink() {
        ScriptedUserAgent agent = new ScriptedUserAgent();
        String initiate = "/plugins/servlet/oidc-sso/initiate?iss=" + encode(devIdp.issuer().toString())
                + "&target_link_uri=" + encode(host.url("/secure/dashboard").toString());
        URI authorization = ScriptedLogin.startAtHost(agent, host, initiate, devIdp.issuer());
        URI callback = ScriptedLogin.signInAtIdp(agent, authorization, "alice", "alice",
                host.url(E2eSettings.CALLBACK_PATH));

        URI landing = ScriptedUserAgent.location(agent.get(callback));
        assertEquals("/secure/dashboard", landing.getPath(), landing.toString());
        assertEquals("alice", whoami(agent, host).user());
    }

    @Test
    void initiateWhenIssuerUnknownThen400WithUnknownIssuer() {
        HttpResponse<String> response = new ScriptedUserAgent().get(host.url("/plugins/servlet/oidc-sso/initiate?iss="
                + encode(devIdp.issuer() + "/")));
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("unknown_issuer"), response.body());
    }

    @Test
    void anonymousPublicPageWhenForceLoginThenRedirectedToIdpWithOwnCallback() {
        HttpResponse<String> response = new ScriptedUserAgent().get(forcedHost.url("/"));

        URI target = ScriptedUserAgent.location(response);
        assertTrue(ScriptedLogin.sameOrigin(target, devIdp.issuer()), target.toString());
        assertEquals(forcedHost.url(OWN_CALLBACK).toString(),
                URLDecoder.decode(ScriptedLogin.rawQueryParameter(target, "redirect_uri"), StandardCharsets.UTF_8));
    }

    @Test
    void excludedPathWhenForceLoginThenServedWithoutLogin() {
        HttpResponse<String> response = new ScriptedUserAgent().get(forcedHost.url(EXCLUDED_PATH + "/team"));

        assertEquals(404, response.statusCode(), "the host's own answer, no redirect: " + response.body());
        assertTrue(response.headers().firstValue("Location").isEmpty());
    }

    @Test
    void loginWhenIdpHasOwnCallbackPathThenCompletesThroughIt() {
        ScriptedUserAgent agent = new ScriptedUserAgent();
        URI authorization = ScriptedLogin.startAtHost(agent, forcedHost, "/secure/dashboard", devIdp.issuer());
        URI callback = ScriptedLogin.signInAtIdp(agent, authorization, "bob", "bob", forcedHost.url(OWN_CALLBACK));

        URI landing = ScriptedUserAgent.location(agent.get(callback));
        assertEquals("/secure/dashboard", landing.getPath(), landing.toString());
        assertEquals("bob", whoami(agent, forcedHost).user());
    }

    private static Whoami whoami(ScriptedUserAgent agent, ReferenceHost on) {
        HttpResponse<String> response = agent.get(on.url("/rest/whoami"));
        assertEquals(200, response.statusCode(), response.body());
        return Whoami.parse(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Token requests the dev IdP has logged so far. */
    private static long tokenRequests() {
        return devIdp.process().output().lines().filter(line -> line.contains("POST /token")).count();
    }

    /** Both IdPs, routing rules, a delayed auto-redirect and the admin's chooser template. */
    private static Path writeConfig(Path file, URI hostBaseUrl) {
        JsonObject dev = idpOf(PluginConfig.writeForDevIdp(devIdp.issuer(), workDir.resolve("dev.json")));
        dev.addProperty("buttonLabel", "Sign in with the Dev IdP");
        JsonObject kc = idpOf(PluginConfig.writeForKeycloak(keycloak, hostBaseUrl, workDir.resolve("kc.json")));
        kc.addProperty("displayName", HOSTILE_NAME);
        JsonArray idps = new JsonArray();
        idps.add(dev);
        idps.add(kc);
        JsonObject document = new JsonObject();
        document.addProperty("schemaVersion", 1);
        document.add("idps", idps);
        document.add("routing", JsonParser.parseString("{\"autoRedirect\": \"delayed\", \"delaySeconds\": 30,"
                + " \"rules\": [{\"match\": \"emailDomain\", \"values\": [\"keycloak.test\"], \"idp\": \"keycloak\"},"
                + " {\"match\": \"emailDomain\", \"values\": [\"example.com\"], \"idp\": \"dev\"},"
                + " {\"match\": \"pathPrefix\", \"values\": [\"" + DELAYED_PATH + "\"], \"idp\": \"keycloak\"}]}"));
        JsonObject templates = new JsonObject();
        templates.addProperty("chooser", chooserTemplate());
        document.add("templates", templates);
        return writeDocument(file, document);
    }

    /** The dev IdP alone, with its own callback path; every anonymous page but {@link #EXCLUDED_PATH} needs a login. */
    private static Path writeForcedConfig(Path file) {
        JsonObject dev = idpOf(PluginConfig.writeForDevIdp(devIdp.issuer(), workDir.resolve("dev-own.json")));
        dev.addProperty("callbackPath", OWN_CALLBACK);
        JsonArray idps = new JsonArray();
        idps.add(dev);
        JsonObject document = new JsonObject();
        document.addProperty("schemaVersion", 1);
        document.add("idps", idps);
        document.add("routing", JsonParser.parseString("{\"forceLogin\": {\"enabled\": true, \"excludePaths\": [\""
                + EXCLUDED_PATH + "\"]}}"));
        return writeDocument(file, document);
    }

    private static Path writeDocument(Path file, JsonObject document) {
        try {
            Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(document),
                    StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject idpOf(Path singleIdpDocument) {
        try {
            String text = Files.readString(singleIdpDocument, StandardCharsets.UTF_8);
            return JsonParser.parseString(text).getAsJsonObject().getAsJsonArray("idps").get(0).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The admin's chooser: the documented variables, a marker, and the display names unfiltered. */
    private static String chooserTemplate() {
        return "<!DOCTYPE html><html><head>{% if redirect %}<meta http-equiv=\"refresh\" content=\""
                + "{{ redirect.delay_seconds }};url={{ redirect.url }}\">{% endif %}<title>Sign in</title></head>"
                + "<body><h1>" + TEMPLATE_MARKER + "</h1>"
                + "{% if notice %}<p>{{ notice.message }} {{ notice.code }}</p>{% endif %}"
                + "{% if redirect %}<p>Going to {{ redirect.name }}</p>"
                + "<a id=\"oidcsso-cancel\" href=\"{{ redirect.cancel_url }}\">Cancel</a>{% else %}"
                + "<ul>{% for idp in idps %}<li><a id=\"oidcsso-idp-{{ idp.id }}\" href=\"{{ idp.url }}\">"
                + "{{ idp.label }}</a> ({{ idp.name }})</li>{% endfor %}</ul>"
                + "{% if email_form_action %}<form method=\"get\" action=\"{{ email_form_action }}\">"
                + "<input id=\"oidcsso_hint\" name=\"oidcsso_hint\"><input type=\"hidden\" name=\"os_destination\""
                + " value=\"{{ return_to }}\"></form>{% endif %}{% endif %}</body></html>";
    }
}
