package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.refhost.plugin.PluginInfo;
import io.oidcsso.refhost.plugin.PluginManager;
import io.oidcsso.refhost.plugin.PluginState;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container is as strict as the products' plugin framework: the factory rules of
 * plugin-system-review.md §2.1, the bundled SSO app's paths, and the plugin lifecycle.
 */
class PluginContainerTest {
    @TempDir
    Path work;

    private PluginInfo plugin(TestHost host) {
        return host.host.plugins().get(TestPluginJar.KEY).orElseThrow();
    }

    @Test
    void installWhenManifestHasOnlyKeyAndVersionThenUnloadableBecauseServletApiIsInvisible() throws Exception {
        Path jar = TestPluginJar.build(work, TestPluginJar.Packaging.KEY_AND_VERSION_ONLY);
        try (TestHost host = TestHost.start(work.resolve("home"), jar)) {
            PluginInfo plugin = plugin(host);
            assertEquals(PluginState.UNLOADABLE, plugin.state());
            assertEquals("bundle_without_container", plugin.kind());
            assertTrue(plugin.reason().contains("module `import-check`"), plugin.reason());
            assertTrue(plugin.reason().contains("NoClassDefFoundError"), plugin.reason());
            assertTrue(plugin.reason().contains("javax.servlet.Filter not found"), plugin.reason());
            assertEquals(404, host.get("/plugins/servlet/probe/x").statusCode());
        }
    }

    @Test
    void installWhenBundleHasImportsButNoSpringContextThenUnloadableForLackOfContainer() throws Exception {
        Path jar = TestPluginJar.build(work, TestPluginJar.Packaging.BUNDLE_WITHOUT_CONTEXT);
        try (TestHost host = TestHost.start(work.resolve("home"), jar)) {
            PluginInfo plugin = plugin(host);
            assertEquals(PluginState.UNLOADABLE, plugin.state());
            assertTrue(plugin.reason().contains("Plugin '" + TestPluginJar.KEY + "' has no container"), plugin.reason());
        }
    }

    @Test
    void installWhenBundleHasSpringContextThenModulesCreatedWithImportedServices() throws Exception {
        try (TestHost host = TestHost.start(work.resolve("home"), TestPluginJar.build(work))) {
            assertEquals(PluginState.ENABLED, plugin(host).state());
            assertTrue(host.get("/plugins/servlet/probe/x").body().contains("baseUrl=" + host.host.baseUrl()));
        }
    }

    @Test
    void callbackWhenPluginClaimsTheBundledSsoAppPathThenTheBundledAppAnswers() throws Exception {
        Path jar = TestPluginJar.build(work, "testplugin/atlassian-plugin-callback.xml",
                TestPluginJar.Packaging.BUNDLE_WITH_CONTEXT);
        try (TestHost host = TestHost.start(work.resolve("home"), jar)) {
            assertEquals(PluginState.ENABLED, plugin(host).state());
            HttpResponse<String> callback = host.get("/plugins/servlet/oidc/callback?state=s&code=c");
            assertEquals(401, callback.statusCode());
            assertTrue(callback.body().contains("atlassian-sso-error"), callback.body());
            // The plugin's other servlet is there: only the exact path of the bundled app is lost.
            assertEquals(200, host.get("/plugins/servlet/probe/x").statusCode());
        }
    }

    @Test
    void lifecycleWhenDisabledEnabledAndUpgradedThenServedOnlyWhileEnabled() throws Exception {
        Path jar = TestPluginJar.build(work);
        try (TestHost host = TestHost.start(work.resolve("home"), jar)) {
            PluginManager plugins = host.host.plugins();
            for (int round = 0; round < 3; round++) {
                assertEquals(PluginState.DISABLED, plugins.disable(TestPluginJar.KEY).orElseThrow().state());
                assertEquals(404, host.get("/plugins/servlet/probe/x").statusCode());
                assertEquals(PluginState.ENABLED, plugins.enable(TestPluginJar.KEY).orElseThrow().state());
                assertEquals(200, host.get("/plugins/servlet/probe/x").statusCode());
                assertEquals(PluginState.ENABLED, plugins.install(Files.readAllBytes(jar), "upgrade").state());
                assertEquals(200, host.get("/plugins/servlet/probe/x").statusCode());
            }
            // One plugin bundle installed: each upgrade replaced the previous one.
            assertEquals(1, plugins.bundles().filter(b -> TestPluginJar.KEY.equals(b.getSymbolicName())).count());
        }
    }
}
