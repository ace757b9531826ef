package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.refhost.plugin.PluginInfo;
import io.oidcsso.refhost.plugin.PluginStartException;
import io.oidcsso.refhost.plugin.PluginState;
import io.oidcsso.refhost.sal.FilePluginSettingsFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's modules as the host wires them: order, paths, access, isolation, lifecycle. */
class PluginWiringTest {
    @TempDir
    static Path work;
    private static TestHost host;

    @BeforeAll
    static void start() throws Exception {
        host = TestHost.start(work.resolve("home"), TestPluginJar.build(work));
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void filtersWhenLoggedInThenRunInLocationAndWeightOrderAroundTheSecurityFilter() throws Exception {
        TestHost session = TestHost.start(work.resolve("home-order"), TestPluginJar.build(Files.createDirectories(work.resolve("jar-order"))));
        try {
            session.login("admin", "admin", null);
            HttpResponse<String> response = session.get("/rest/whoami");
            assertEquals(List.of("encoding(-)", "login50(-)", "login200(-)", "decoration(admin)", "dispatch(admin)"),
                    response.headers().allValues("X-Filter-Trail"));
        } finally {
            session.close();
        }
    }

    @Test
    void filtersWhenPatternDoesNotMatchThenSkipped() throws Exception {
        HttpResponse<String> response = host.get("/rest/other");
        assertEquals(List.of("encoding(-)", "login200(-)"), response.headers().allValues("X-Filter-Trail"));
    }

    @Test
    void servletWhenUnannotatedAndAnonymousThen401() throws Exception {
        HttpResponse<String> response = TestHost.newBrowser().send(
                java.net.http.HttpRequest.newBuilder(host.uri("/plugins/servlet/closed")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode());
        assertFalse(response.body().contains("closed servlet for"));
    }

    @Test
    void servletWhenUnannotatedAndLoggedInThenServed() throws Exception {
        TestHost session = TestHost.start(work.resolve("home-closed"), TestPluginJar.build(Files.createDirectories(work.resolve("jar-closed"))));
        try {
            session.login("local", "local", null);
            HttpResponse<String> response = session.get("/plugins/servlet/closed");
            assertEquals(200, response.statusCode());
            assertEquals("closed servlet for local", response.body());
        } finally {
            session.close();
        }
    }

    @Test
    void filterWhenUnannotatedAndAnonymousThen401() throws Exception {
        HttpResponse<String> response = host.get("/closed-area/page");
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().allValues("X-Closed-Filter").isEmpty());
    }

    @Test
    void servletWhenPrefixPatternThenServletPathAndPathInfoSplit() throws Exception {
        String body = host.get("/plugins/servlet/probe/deep/path").body();
        assertTrue(body.contains("servletPath=/plugins/servlet/probe\n"), body);
        assertTrue(body.contains("pathInfo=/deep/path\n"), body);
    }

    @Test
    void servletWhenNoModuleMatchesThen404() throws Exception {
        assertEquals(404, host.get("/plugins/servlet/nothing-here").statusCode());
    }

    @Test
    void pluginWhenLoadingClassesThenSeesOnlyTheJdkAndWhatItImports() throws Exception {
        String body = host.get("/plugins/servlet/probe/x").body();
        assertTrue(body.contains("visible org.eclipse.jetty.server.Server=false"), body);
        assertTrue(body.contains("visible com.google.gson.Gson=false"), body);
        assertTrue(body.contains("visible io.oidcsso.refhost.ReferenceHost=false"), body);
        assertTrue(body.contains("visible javax.servlet.Filter=true"), body);
        assertTrue(body.contains("visible com.atlassian.sal.api.user.UserManager=true"), body);
        // Exported by the host, but not imported by this bundle: invisible.
        assertTrue(body.contains("visible com.atlassian.crowd.embedded.api.CrowdService=false"), body);
    }

    @Test
    void pluginWhenAskingForBaseUrlThenGetsCanonicalBaseUrl() throws Exception {
        Path home = work.resolve("home-base");
        TestHost custom = TestHost.start(home, TestPluginJar.build(Files.createDirectories(work.resolve("jar-base"))),
                "--base-url", "https://sso.example.com");
        try {
            assertTrue(custom.get("/plugins/servlet/probe/x").body().contains("baseUrl=https://sso.example.com\n"));
        } finally {
            custom.close();
        }
    }

    @Test
    void startWhenModuleInitThrowsWithConfigThenHostRefusesToStartWithTheMessage() throws Exception {
        Path config = Files.writeString(work.resolve("bad.json"), "{\"this is\": \"invalid\"}");
        PluginStartException e = assertThrows(PluginStartException.class, () -> TestHost.start(work.resolve("home-bad"),
                TestPluginJar.build(Files.createDirectories(work.resolve("jar-bad"))), "--config", config.toString()));
        assertEquals(TestPluginJar.KEY, e.pluginKey());
        assertTrue(e.getMessage().contains("module `import-check`"), e.getMessage());
        assertTrue(e.getMessage().contains("/issuer: must be an https URL"), e.getMessage());
    }

    @Test
    void startWhenConfigGivenThenStoredInGlobalSettingsBeforeModulesStart() throws Exception {
        Path config = Files.writeString(work.resolve("good.json"), "{\"schemaVersion\": 1}");
        TestHost configured = TestHost.start(work.resolve("home-good"),
                TestPluginJar.build(Files.createDirectories(work.resolve("jar-good"))), "--config", config.toString());
        try {
            String body = configured.get("/plugins/servlet/probe/x?setting=io.oidcsso.import").body();
            assertTrue(body.contains("setting={\"schemaVersion\": 1}\n"), body);
        } finally {
            configured.close();
        }
    }

    @Test
    void closeWhenHostStopsThenModulesDestroyed() throws Exception {
        Path home = work.resolve("home-destroy");
        TestHost stopping = TestHost.start(home, TestPluginJar.build(Files.createDirectories(work.resolve("jar-destroy"))));
        FilePluginSettingsFactory settings = new FilePluginSettingsFactory(home);
        assertNull(settings.createGlobalSettings().get("io.oidcsso.test.destroyed"));
        stopping.close();
        assertEquals("yes", settings.createGlobalSettings().get("io.oidcsso.test.destroyed"));
    }

    @Test
    void startWhenModuleClassIsNotAServletThenPluginUnloadableAndHostRuns() throws Exception {
        String descriptor = "<atlassian-plugin key=\"k\"><servlet key=\"needy\" class=\"java.lang.StringBuilder\">"
                + "<url-pattern>/x</url-pattern></servlet></atlassian-plugin>";
        Path jar = TestPluginJar.withEntries(Files.createDirectories(work.resolve("jar-needy")),
                List.<String[]>of(new String[] {"atlassian-plugin.xml", descriptor}));
        try (TestHost running = TestHost.start(work.resolve("home-needy"), jar)) {
            PluginInfo plugin = running.host.plugins().get(TestPluginJar.KEY).orElseThrow();
            assertEquals(PluginState.UNLOADABLE, plugin.state());
            assertTrue(plugin.reason().contains("module `needy`"), plugin.reason());
            assertTrue(plugin.reason().contains("is not a javax.servlet.Servlet"), plugin.reason());
            assertEquals(200, running.get("/rest/whoami").statusCode());
        }
    }

    @Test
    void startWhenJarIsNeitherBundleNorPluginThenUnloadableWithReason() throws Exception {
        Path jar = Files.createDirectories(work.resolve("jar-empty")).resolve("plain.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("readme.txt"));
            out.write("no descriptor".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try (TestHost running = TestHost.start(work.resolve("home-empty"), jar)) {
            PluginInfo plugin = running.host.plugins().list().get(0);
            assertEquals(PluginState.UNLOADABLE, plugin.state());
            assertTrue(plugin.reason().contains("is neither a transformerless plugin nor has an atlassian-plugin.xml"),
                    plugin.reason());
        }
    }
}
