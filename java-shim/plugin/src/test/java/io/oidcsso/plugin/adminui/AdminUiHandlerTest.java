package io.oidcsso.plugin.adminui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeAdminGuard;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.host.HostInfo;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AdminUiHandlerTest {
    private static final String ENTRY = "/plugins/servlet/oidc-sso/admin";


    private static final HostInfo JIRA = new HostInfo() {
        @Override
        public String platformId() {
            return "jira";
        }

        @Override
        public String baseUrl() {
            return "https://jira.example.com/jira";
        }

        @Override
        public String nodeId() {
            return "node-1";
        }

        @Override
        public String displayName() {
            return "Jira <Acme>";
        }

        @Override
        public Set<String> loginPaths() {
            return Set.of("/login.jsp");
        }
    };

    private final FakeAdminGuard guard = new FakeAdminGuard();
    private final AdminUiAssets assets = AdminUiAssets.load();
    private final AdminUiHandler handler = new AdminUiHandler(guard, JIRA, assets);

    private FakeResponse get(String user, String path) throws Exception {
        FakeRequest request = FakeRequest.get(path).contextPath("/jira").remoteUser(user);
        FakeResponse response = new FakeResponse();
        handler.get(request.request(), response.response());
        return response;
    }

    private static void assertStrictHeaders(FakeResponse response) {
        assertEquals("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'",
                response.header("Content-Security-Policy"));
        assertEquals("SAMEORIGIN", response.header("X-Frame-Options"));
        assertEquals("nosniff", response.header("X-Content-Type-Options"));
    }

    @Test
    void entryWhenAnonymousThenProductLoginWithTheWayBack() throws Exception {
        FakeResponse response = get(null, ENTRY);

        assertEquals("/jira/login.jsp?os_destination=%2Fplugins%2Fservlet%2Foidc-sso%2Fadmin", response.redirect());
        assertStrictHeaders(response);
        assertEquals("", response.body());
    }

    @Test
    void entryWhenNotSystemAdministratorThen403PageWithoutData() throws Exception {
        guard.systemAdmin = false;

        FakeResponse response = get("bob", ENTRY);

        assertEquals(403, response.status());
        assertStrictHeaders(response);
        assertTrue(response.body().contains("id=\"oidcsso-admin-forbidden\""), response.body());
        assertFalse(response.body().contains("data-api"), "no way to the API from this page");
        assertFalse(response.body().contains("<script"), response.body());
    }

    @Test
    void assetWhenNotSystemAdministratorThen403() throws Exception {
        guard.systemAdmin = false;

        FakeResponse response = get("bob", "/plugins/servlet/oidc-sso/admin/ui/" + assets.version() + "/app.js");

        assertEquals(403, response.status());
        assertFalse(response.body().contains("import "), "no script source");
    }

    @Test
    void entryWhenSystemAdministratorWithoutWebSudoThenTheProductsWebSudoPage() throws Exception {
        guard.webSudo = false;

        FakeResponse response = get("admin", ENTRY);

        assertEquals(1, guard.webSudoChallenges);
        assertEquals("/secure/websudo", response.redirect());
        assertFalse(response.body().contains("oidcsso-admin-main"), "no page before websudo");
    }

    @Test
    void entryWhenSystemAdministratorInWebSudoThenShellWithVersionedScriptAndNoInlineCode() throws Exception {
        FakeResponse response = get("admin", ENTRY);

        assertEquals(200, response.status());
        assertStrictHeaders(response);
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals("text/html;charset=UTF-8", response.contentType());
        String html = response.body();
        String base = "/jira/plugins/servlet/oidc-sso/admin/ui/" + assets.version() + "/";
        assertTrue(html.contains("<script type=\"module\" src=\"" + base + "app.js\"></script>"), html);
        assertTrue(html.contains("<link rel=\"stylesheet\" href=\"" + base + "app.css\">"), html);
        assertTrue(html.contains("data-api=\"/jira/plugins/servlet/oidc-sso/admin/api/\""), html);
        assertTrue(html.contains("Jira &lt;Acme&gt;"), "the site name is escaped: " + html);
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        while (scripts.find()) {
            assertTrue(scripts.group(1).contains("src="), "script without src: " + scripts.group());
            assertEquals("", scripts.group(2), "inline script: " + scripts.group());
        }
        assertFalse(html.contains("<style"), "no style element");
        assertFalse(html.contains("style="), "no style attribute");
        assertFalse(Pattern.compile("\\son[a-z]+=").matcher(html).find(), "no event handler attribute");
    }

    @Test
    void assetWhenCurrentVersionThenContentTypeAndLongCaching() throws Exception {
        FakeResponse js = get("admin", "/plugins/servlet/oidc-sso/admin/ui/" + assets.version() + "/app.js");
        FakeResponse css = get("admin", "/plugins/servlet/oidc-sso/admin/ui/" + assets.version() + "/app.css");

        assertEquals(200, js.status());
        assertEquals("text/javascript;charset=utf-8", js.contentType());
        assertEquals("private, max-age=31536000, immutable", js.header("Cache-Control"));
        assertStrictHeaders(js);
        assertTrue(js.body().contains("import"), "the module's source");
        assertEquals("text/css;charset=utf-8", css.contentType());
    }

    @Test
    void assetWhenOtherVersionUnknownFileOrClimbingPathThen404() throws Exception {
        for (String path : new String[] {"/ui/0000000000000000/app.js", "/ui/" + assets.version() + "/nope.js",
                "/ui/" + assets.version() + "/../../api/config", "/ui/" + assets.version(), "/ui/", "/elsewhere"}) {
            FakeResponse response = get("admin", ENTRY + path);
            assertEquals(404, response.status(), path);
            assertNull(response.header("Location"), path);
            assertStrictHeaders(response);
        }
    }
}
