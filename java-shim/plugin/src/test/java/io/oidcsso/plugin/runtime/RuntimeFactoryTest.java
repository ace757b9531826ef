package io.oidcsso.plugin.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.engine.ConfigProblem;
import io.oidcsso.plugin.fakes.FakeClusterLockService;
import io.oidcsso.plugin.fakes.FakeCrowdService;
import io.oidcsso.plugin.fakes.FakeEngineFactory;
import io.oidcsso.plugin.fakes.FakeSal;
import io.oidcsso.plugin.fakes.InMemoryPluginSettings;
import io.oidcsso.plugin.fakes.TestRuntime;
import javax.servlet.ServletException;
import org.junit.jupiter.api.Test;

class RuntimeFactoryTest {
    private final InMemoryPluginSettings settings = new InMemoryPluginSettings();
    private final FakeEngineFactory engines = new FakeEngineFactory();

    private HostServices services(String platform) {
        return new HostServices(settings, FakeSal.Users.resolvingEveryone(),
                new FakeSal.Properties(platform, "http://localhost:8080"), new FakeSal.WebSudo(), new FakeSal.Xsrf(),
                new FakeCrowdService(), new FakeClusterLockService(), new FakeSal.Access(), new FakeSal.SeraphListener());
    }

    @Test
    void createWhenImportInvalidThenServletExceptionListsEveryProblem() {
        settings.createGlobalSettings().put(ConfigImporter.IMPORT_KEY, TestRuntime.CONFIG);
        engines.problems.add(new ConfigProblem("/idps/0/issuer", "must be an https URL"));
        engines.problems.add(new ConfigProblem("/idps/0/clientSecret", "missing"));

        ServletException failure = assertThrows(ServletException.class,
                () -> RuntimeFactory.create(services("refapp"), engines));

        assertTrue(failure.getMessage().contains("/idps/0/issuer: must be an https URL"));
        assertTrue(failure.getMessage().contains("/idps/0/clientSecret: missing"));
        assertTrue(settings.store().keySet().stream().noneMatch(key -> key.startsWith("io.oidcsso.config")));
    }

    @Test
    void createWhenImportValidThenEngineActiveOverStoredConfig() throws Exception {
        settings.createGlobalSettings().put(ConfigImporter.IMPORT_KEY, TestRuntime.CONFIG);
        PluginRuntime runtime = RuntimeFactory.create(services("refapp"), engines);
        assertTrue(runtime.activeEngine().isPresent());
        assertEquals("http://localhost:8080", engines.lastHostContext.baseUrl());
        assertEquals(PluginRuntime.CALLBACK_PATH, engines.lastHostContext.callbackPath());
    }

    @Test
    void createWhenNativeLibraryUnavailableThenRuntimeWithoutEngine() throws Exception {
        engines.available = false;
        PluginRuntime runtime = RuntimeFactory.create(services("refapp"), engines);
        assertTrue(runtime.activeEngine().isEmpty());
        assertTrue(runtime.engineSlot().status().contains("native library unavailable"));
    }

    @Test
    void createWhenBitbucketThenEngineActiveBecauseLoginBindsThroughSal() throws Exception {
        settings.createGlobalSettings().put(ConfigImporter.IMPORT_KEY, TestRuntime.CONFIG);
        PluginRuntime runtime = RuntimeFactory.create(services("bitbucket"), engines);
        assertTrue(runtime.activeEngine().isPresent());
        assertTrue(runtime.adapters().loginBinder() instanceof io.oidcsso.plugin.atlassian.SalLoginBinder);
    }
}
