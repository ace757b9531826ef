package io.oidcsso.plugin.web;

import io.oidcsso.plugin.admin.AdminApi;
import io.oidcsso.plugin.atlassian.CrowdLocalAccounts;
import io.oidcsso.plugin.atlassian.ProductWebSudo;
import io.oidcsso.plugin.emergency.AttemptLimiter;
import io.oidcsso.plugin.emergency.BreakGlassCodes;
import io.oidcsso.plugin.emergency.EmergencySettingsSource;
import io.oidcsso.plugin.emergency.LocalLoginGate;
import io.oidcsso.plugin.engine.EngineFactory;
import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.host.HostInfo;
import io.oidcsso.plugin.host.LocalAccounts;
import io.oidcsso.plugin.logout.Revocations;
import io.oidcsso.plugin.metrics.LoginMetrics;
import io.oidcsso.plugin.runtime.HostServices;
import io.oidcsso.plugin.runtime.PluginRuntime;
import io.oidcsso.plugin.runtime.RuntimeFactory;
import io.oidcsso.plugin.runtime.TrackedService;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.ServletException;

/**
 * The one component that owns the plugin's wiring: a singleton bean of the plugin's Spring context
 * ({@code META-INF/spring/oidc-sso-context.xml}); the host services reach it as one
 * {@link HostServices} bean, the only Java list of them. It builds the runtime and the web collaborators once; each of the 11 modules takes
 * this component and nothing else. When the context closes (plugin disabled, upgraded or
 * uninstalled) {@link #close} closes the service trackers ({@link #trackedService}) and the runtime, which shuts
 * the native library down.
 *
 * <p>It lives in {@code web} rather than {@code runtime} so that packages keep layering one way
 * (web depends on runtime, never the reverse).
 */
public final class OidcSso implements AutoCloseable {
    /** For {@link #over(PluginRuntime)}: a directory that cannot check passwords (every gated login refused). */
    private static final LocalAccounts NO_LOCAL_ACCOUNTS = new LocalAccounts() {
        @Override
        public Result authenticate(String username, String password) {
            return new Result(Check.UNAVAILABLE, username);
        }

        @Override
        public boolean isSystemAdmin(String username) {
            return false;
        }

        @Override
        public boolean isMember(String username, String group) {
            return false;
        }
    };

    private final PluginRuntime runtime;
    /** Product-specific host services, one tracker each for the plugin's life. */
    private final Map<Class<?>, TrackedService<?>> trackedServices = new ConcurrentHashMap<>();
    private final FailurePage failurePage;
    private final LoginRequestPolicy loginPolicy;
    private final LoginStarter loginStarter;
    private final CallbackHandler callback;
    private final SessionLogout sessionLogout;
    private final BackchannelLogoutHandler backchannel;
    private final FrontchannelLogoutHandler frontchannel;
    private final EmergencySettingsSource emergencySettings;
    private final LocalLoginGuard localLoginGuard;
    private final BreakGlassHandler breakGlass;
    private final AdminApi adminApi;
    private final WebSudoViaIdp webSudo;
    private final TestLogins testLogins;
    /** This node's counters, for the metrics servlet. */
    private final LoginMetrics metrics = new LoginMetrics();

    /**
     * Created by the plugin's Spring context from two beans: the host services it imported
     * ({@link HostServices}, the one place that lists them) and the engine factory.
     */
    public OidcSso(HostServices services, EngineFactory engineFactory) throws ServletException {
        this(RuntimeFactory.create(services, engineFactory),
                new CrowdLocalAccounts(services.crowdService(), services.userManager()),
                RuntimeFactory.breakGlassStore(services), null);
    }

    /** {@code productWebSudo} null: the one of the host's product. */
    private OidcSso(PluginRuntime runtime, LocalAccounts localAccounts, ClusterState breakGlassStore,
            ProductWebSudo productWebSudo) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        HostInfo host = runtime.adapters().hostInfo();
        this.emergencySettings = new EmergencySettingsSource(runtime.adapters().configStore());
        this.adminApi = new AdminApi(runtime);
        LocalLoginGate gate = new LocalLoginGate(localAccounts, new AttemptLimiter(runtime.clock()), runtime.audit());
        this.localLoginGuard = new LocalLoginGuard(host.loginPaths(), emergencySettings, gate,
                idpId -> runtime.activeEngine().map(e -> IdpDownPage.isDown(e.info(), idpId, runtime.clock()))
                        .orElse(false));
        this.breakGlass = new BreakGlassHandler(new BreakGlassCodes(breakGlassStore,
                runtime.adapters().userDirectory(), runtime.clock()),
                emergencySettings, gate, runtime.adapters().adminGuard(), runtime.adapters().loginBinder(),
                runtime.audit());
        this.failurePage = new FailurePage(new TreeSet<>(host.loginPaths()).first(), host::displayName,
                () -> emergencySettings.current().parameter());
        this.loginPolicy = new LoginRequestPolicy(runtime.adapters().hostInfo().loginPaths(),
                runtime.adapters().loginBinder(), () -> emergencySettings.current().parameter());
        this.loginStarter = new LoginStarter(runtime, failurePage,
                new IdpDownPage(emergencySettings, failurePage.loginPath(), host::displayName), metrics);
        // One per node: its in-memory view of the revocations is what every request of an OIDC session reads.
        Revocations revocations = new Revocations(runtime.adapters().clusterState(),
                runtime.adapters().liveSessions(), runtime.clock());
        this.webSudo = new WebSudoViaIdp(runtime,
                productWebSudo == null ? ProductWebSudo.forPlatform(host.platformId()) : productWebSudo, failurePage);
        this.testLogins = new TestLogins(runtime, loginStarter);
        this.callback = new CallbackHandler(runtime, failurePage, revocations, metrics, webSudo, testLogins);
        this.sessionLogout = new SessionLogout(runtime, revocations);
        this.backchannel = new BackchannelLogoutHandler(runtime, revocations);
        this.frontchannel = new FrontchannelLogoutHandler(runtime, revocations);
    }

    /** Over an already built runtime (unit tests, which build it from fakes). */
    public static OidcSso over(PluginRuntime runtime) {
        return new OidcSso(runtime, NO_LOCAL_ACCOUNTS, runtime.adapters().clusterState(), null);
    }

    /** As {@link #over(PluginRuntime)}, with the product's password check and roles. */
    public static OidcSso over(PluginRuntime runtime, LocalAccounts localAccounts) {
        return new OidcSso(runtime, localAccounts, runtime.adapters().clusterState(), null);
    }

    /** As above, with the store of break-glass codes (the product's is a store of its own). */
    public static OidcSso over(PluginRuntime runtime, LocalAccounts localAccounts, ClusterState breakGlassStore) {
        return new OidcSso(runtime, localAccounts, breakGlassStore, null);
    }

    /** As above, with the product's websudo page and manager given (unit tests). */
    public static OidcSso over(PluginRuntime runtime, ProductWebSudo productWebSudo) {
        return new OidcSso(runtime, NO_LOCAL_ACCOUNTS, runtime.adapters().clusterState(), productWebSudo);
    }

    /** The emergency settings as this node reads them from the stored document (no native library needed). */
    public EmergencySettingsSource emergencySettings() {
        return emergencySettings;
    }

    AdminApi adminApi() {
        return adminApi;
    }

    BreakGlassHandler breakGlass() {
        return breakGlass;
    }

    /** This node's login counters. */
    public LoginMetrics metrics() {
        return metrics;
    }

    TestLogins testLogins() {
        return testLogins;
    }

    WebSudoViaIdp webSudo() {
        return webSudo;
    }

    LocalLoginGuard localLoginGuard() {
        return localLoginGuard;
    }

    public PluginRuntime runtime() {
        return runtime;
    }

    FailurePage failurePage() {
        return failurePage;
    }

    LoginRequestPolicy loginPolicy() {
        return loginPolicy;
    }

    LoginStarter loginStarter() {
        return loginStarter;
    }

    CallbackHandler callback() {
        return callback;
    }

    SessionLogout sessionLogout() {
        return sessionLogout;
    }

    BackchannelLogoutHandler backchannel() {
        return backchannel;
    }

    FrontchannelLogoutHandler frontchannel() {
        return frontchannel;
    }

    /**
     * A host service this product alone has (its interface is unknown elsewhere, so the Spring context cannot
     * import it), tracked from the first call (the module that needs it, created as the plugin enables) until
     * {@link #close}: one {@link TrackedService} per type, shared by every caller.
     */
    @SuppressWarnings("unchecked")
    public <T> TrackedService<T> trackedService(Class<T> type) {
        return (TrackedService<T>) trackedServices.computeIfAbsent(type, t -> TrackedService.open(OidcSso.class, t));
    }

    /** The Spring context's destroy method: closes the trackers, then the runtime (engine, then the native library). */
    @Override
    public void close() {
        trackedServices.values().forEach(TrackedService::close);
        trackedServices.clear();
        runtime.close();
    }
}
