package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The products' administration menu as the host models it: the web items a plugin declares for the
 * product's security section, linking where the plugin says, and the plugin's configure.url in the
 * plugin admin.
 */
class AdminMenuTest {
    @TempDir
    Path work;

    @Test
    void adminPageWhenAdministratorThenSecuritySectionListsTheProductsItemsInWeightOrder() throws Exception {
        try (TestHost host = TestHost.start(work.resolve("home"), TestPluginJar.build(work))) {
            host.login("admin", "admin", null);
            String page = host.get("/secure/admin").body();

            assertTrue(page.contains("<code id=\"admin-security-section\">system.admin/security</code>"), page);
            int first = page.indexOf("<a id=\"probe-first-link\" href=\"/plugins/servlet/probe/first\">Probe first</a>");
            int second = page.indexOf("<a id=\"probe-admin-link\" href=\"/plugins/servlet/probe/settings\">Probe settings</a>");
            assertTrue(first > 0 && second > first, page);
            assertFalse(page.contains("/plugins/servlet/probe/jira"), "another product's item: " + page);
            assertFalse(page.contains("/plugins/servlet/probe/other"), "another section's item: " + page);
            assertTrue(host.get("/secure/dashboard").body().contains("id=\"admin-link\" href=\"/secure/admin\""));
        }
    }

    @Test
    void adminPageWhenJiraThenJirasSecuritySectionAndOnlyItsItems() throws Exception {
        try (TestHost host = TestHost.start(work.resolve("home"), TestPluginJar.build(work), "--product", "jira")) {
            host.login("admin", "admin", null);
            String page = host.get("/secure/admin").body();

            assertTrue(page.contains(">top_system_section/security_section</code>"), page);
            assertTrue(page.contains("href=\"/plugins/servlet/probe/jira\">Probe settings for Jira</a>"), page);
            assertFalse(page.contains("/plugins/servlet/probe/settings"), page);
            assertFalse(page.contains("/plugins/servlet/probe/first"), "no item for Jira's section: " + page);
        }
    }

    @Test
    void adminPageWhenPluginDisabledThenItsItemsGone() throws Exception {
        try (TestHost host = TestHost.start(work.resolve("home"), TestPluginJar.build(work))) {
            host.host.plugins().disable(TestPluginJar.KEY);
            host.login("admin", "admin", null);

            String page = host.get("/secure/admin").body();
            assertTrue(page.contains("id=\"admin-security-empty\""), page);
        }
    }

    @Test
    void adminPageWhenNotAdministratorThen403WithoutItems() throws Exception {
        try (TestHost host = TestHost.start(work.resolve("home"), TestPluginJar.build(work))) {
            host.login("local", "local", null);
            HttpResponse<String> page = host.get("/secure/admin");

            assertEquals(403, page.statusCode());
            assertFalse(page.body().contains("/plugins/servlet/probe/"), page.body());
        }
    }

    @Test
    void pluginAdminWhenPluginDeclaresConfigureUrlThenShownAsConfigureUrl() throws Exception {
        try (TestHost host = TestHost.start(work.resolve("home"), TestPluginJar.build(work))) {
            String basic = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> plugin = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    host.uri("/rest/plugins/1.0/" + TestPluginJar.KEY + "-key")).header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, plugin.statusCode(), plugin.body());
            assertTrue(plugin.body().contains("\"configureUrl\":\"/plugins/servlet/probe/configure\""), plugin.body());
        }
    }
}
