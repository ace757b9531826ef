package io.oidcsso.plugin.fakes;

import io.oidcsso.plugin.admin.AdminApi;
import io.oidcsso.plugin.atlassian.CrowdUserDirectory;
import io.oidcsso.plugin.atlassian.SalAdminGuard;
import io.oidcsso.plugin.atlassian.SalHostInfo;
import io.oidcsso.plugin.atlassian.SalLoginBinder;
import io.oidcsso.plugin.host.AdminGuard;
import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.login.AuditStore;
import io.oidcsso.plugin.runtime.ConfigSaver;
import io.oidcsso.plugin.runtime.EngineSlot;
import io.oidcsso.plugin.runtime.HostAdapters;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A full runtime over fakes: the real adapters over fake Atlassian services, a fake engine. */
public final class TestRuntime {
    public static final String CONFIG = "{\"schemaVersion\":1,\"idps\":[{\"id\":\"dev\"}]}";

    public final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    public final InMemoryPluginSettings settings = new InMemoryPluginSettings();
    public final FakeCrowdService crowd = new FakeCrowdService();
    public final InMemoryClusterState clusterState = new InMemoryClusterState(clock, 100);
    /** The index of live OIDC sessions: a store of its own, as in a product. */
    public final InMemoryClusterState liveSessions = new InMemoryClusterState(clock, 1_000);
    public final InMemoryConfigStore configStore = new InMemoryConfigStore();
    public final FakeEngineFactory engines = new FakeEngineFactory();
    public final AuditCapture auditCapture = new AuditCapture();
    /** The cluster's audit ring over a store of its own; tests call {@code auditStore.flush()}. */
    public final InMemoryClusterState auditState = new InMemoryClusterState(clock, AuditStore.STORE_CAPACITY);
    public final AuditStore auditStore = new AuditStore(auditState, clock);
    public final FakeSal.Access access = new FakeSal.Access();
    public final FakeSal.Users users = FakeSal.Users.resolvingEveryone();
    public final FakeSal.SeraphListener listener = new FakeSal.SeraphListener();
    public final ConfigSaver saver;
    public final PluginRuntime runtime;

    public TestRuntime(String baseUrl) {
        this(baseUrl, state -> state);
    }

    /** {@code wrapClusterState} lets a test put a failing or counting ClusterState in front. */
    public TestRuntime(String baseUrl, UnaryOperator<ClusterState> wrapClusterState) {
        this(baseUrl, wrapClusterState, state -> state);
    }

    /** Also {@code wrapLiveSessions}, for the index of live OIDC sessions. */
    public TestRuntime(String baseUrl, UnaryOperator<ClusterState> wrapClusterState,
            UnaryOperator<ClusterState> wrapLiveSessions) {
        this(baseUrl, wrapClusterState, wrapLiveSessions, "refapp");
    }

    /** Also the SAL platform id of the product ({@code refapp} in the other constructors). */
    public TestRuntime(String baseUrl, UnaryOperator<ClusterState> wrapClusterState,
            UnaryOperator<ClusterState> wrapLiveSessions, String platformId) {
        SalHostInfo hostInfo = new SalHostInfo(new FakeSal.Properties(platformId, baseUrl));
        HostAdapters adapters = new HostAdapters(hostInfo,
                // The binder holds a checked user key to the account SAL resolves, so it sees the directory's keys.
                new SalLoginBinder(FakeSal.Users.resolvingEveryone().keyedBy(crowd), access, listener, platformId),
                new CrowdUserDirectory(crowd, FakeSal.Users.resolvingEveryone().keyedBy(crowd), settings, new FakeClusterLockService()), configStore, wrapClusterState.apply(clusterState),
                wrapLiveSessions.apply(liveSessions),
                new SalAdminGuard(users, new FakeSal.WebSudo(), new FakeSal.Xsrf()));
        EngineSlot slot = new EngineSlot(engines, configStore,
                () -> new io.oidcsso.plugin.engine.HostContext(baseUrl, "node-1", PluginRuntime.CALLBACK_PATH));
        saver = new ConfigSaver(engines, configStore, () -> false);
        saver.afterSave(slot::refresh);
        runtime = new PluginRuntime(adapters, slot, saver, new AuditLog(() -> "node-1", clock, List.of(auditCapture, auditStore)),
                auditStore, clock);
    }

    /**
     * A runtime over the same parts with {@code guard} deciding who is a system administrator (a
     * {@link FakeAdminGuard} in the admin API's tests), the audit ring included.
     */
    public PluginRuntime withAdminGuard(AdminGuard guard) {
        HostAdapters real = runtime.adapters();
        HostAdapters adapters = new HostAdapters(real.hostInfo(), real.loginBinder(), real.userDirectory(),
                real.configStore(), real.clusterState(), real.liveSessions(), guard);
        return new PluginRuntime(adapters, runtime.engineSlot(), saver, runtime.audit(), auditStore, clock);
    }

    /** The admin API over {@link #withAdminGuard}. */
    public AdminApi adminApi(AdminGuard guard) {
        return new AdminApi(withAdminGuard(guard));
    }

    public static TestRuntime configured() {
        return configured("refapp");
    }

    /** {@link #configured()} on the product with SAL platform id {@code platformId}. */
    public static TestRuntime configured(String platformId) {
        TestRuntime test = new TestRuntime("http://localhost:8080", state -> state, state -> state, platformId);
        test.configStore.save(CONFIG, 0);
        return test;
    }

    /** The audit entries written so far, as {@code LEVEL event=<name> key="value" ...} (AuditCapture). */
    public List<String> audit() {
        return auditCapture.lines();
    }
}
