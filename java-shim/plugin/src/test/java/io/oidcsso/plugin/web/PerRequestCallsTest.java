package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.beehive.ClusterLockService;
import com.atlassian.crowd.embedded.api.CrowdService;
import com.atlassian.sal.api.auth.AuthenticationController;
import com.atlassian.sal.api.auth.AuthenticationListener;
import com.atlassian.sal.api.pluginsettings.PluginSettings;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import com.atlassian.sal.api.user.UserManager;
import io.oidcsso.plugin.atlassian.CrowdUserDirectory;
import io.oidcsso.plugin.atlassian.SalAdminGuard;
import io.oidcsso.plugin.atlassian.SalHostInfo;
import io.oidcsso.plugin.atlassian.SalLoginBinder;
import io.oidcsso.plugin.engine.EngineFactory;
import io.oidcsso.plugin.engine.HostContext;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.fakes.AuditCapture;
import io.oidcsso.plugin.fakes.DecisionBuilder;
import io.oidcsso.plugin.fakes.FakeChain;
import io.oidcsso.plugin.fakes.FakeClusterLockService;
import io.oidcsso.plugin.fakes.FakeCrowdService;
import io.oidcsso.plugin.fakes.FakeEngineFactory;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.FakeSal;
import io.oidcsso.plugin.fakes.FakeSession;
import io.oidcsso.plugin.fakes.InMemoryClusterState;
import io.oidcsso.plugin.fakes.InMemoryConfigStore;
import io.oidcsso.plugin.fakes.InMemoryPluginSettings;
import io.oidcsso.plugin.fakes.MutableClock;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.logout.OidcSession;
import io.oidcsso.plugin.runtime.ConfigSaver;
import io.oidcsso.plugin.runtime.EngineSlot;
import io.oidcsso.plugin.runtime.HostAdapters;
import io.oidcsso.plugin.runtime.PluginRuntime;
import io.oidcsso.plugin.runtime.PolledConfigStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the plugin's three servlet filters do, per request, for each kind of authenticated browser session
 * (docs/benchmarks.md, "Target (c): ... (c-alice)"): every call into a host service (Crowd, SAL's user manager,
 * authentication controller and listener, plugin settings, the configuration store, the cluster stores, the
 * cluster locks, the native engine) and every session attribute read, counted on the benchmark's two paths after
 * a first request. The runtime is the production one over recording fakes: the real adapters, the node's
 * {@link PolledConfigStore} watch, the filters in the host's weight order (bearer, logout, login).
 *
 * <p>The kinds are those of {@code scripts/bench-wrk.sh}: a local account's form session ({@code local}), the
 * form session of a user an SSO login provisioned and linked ({@code alice}: her external id, attributes and
 * groups in the directory), and alice's SSO session.
 */
class PerRequestCallsTest {
    private static final String SERAPH_USER = "seraph_defaultauthenticator_user";
    private static final String SERAPH_USER_ID = "seraph_defaultauthenticator_user_id";
    private static final List<String> PATHS = List.of("/rest/whoami", "/secure/dashboard");

    /** Each call into a host service or the engine, as {@code Type.method}, in order. */
    private final List<String> calls = new ArrayList<>();
    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final FakeCrowdService crowd = new FakeCrowdService();
    private final InMemoryConfigStore configStore = new InMemoryConfigStore();
    private final FakeEngineFactory engines = new FakeEngineFactory();
    private final PluginRuntime runtime;
    private final OidcSso sso;
    private final List<Filter> filters;

    PerRequestCallsTest() throws Exception {
        FakeSal.Users users = FakeSal.Users.resolvingEveryone().keyedBy(crowd);
        UserManager userManager = recording(UserManager.class, users);
        SalHostInfo hostInfo = new SalHostInfo(new FakeSal.Properties("refapp", "http://localhost:8080"));
        ConfigStore store = new PolledConfigStore(recording(ConfigStore.class, configStore), clock, Duration.ofSeconds(2));
        HostAdapters adapters = new HostAdapters(hostInfo,
                new SalLoginBinder(userManager, recording(AuthenticationController.class, new FakeSal.Access()),
                        recording(AuthenticationListener.class, new FakeSal.SeraphListener()), "refapp"),
                new CrowdUserDirectory(recording(CrowdService.class, crowd), userManager,
                        recording(PluginSettingsFactory.class, new InMemoryPluginSettings()),
                        recording(ClusterLockService.class, new FakeClusterLockService())),
                store, recording(ClusterState.class, new InMemoryClusterState(clock, 100)),
                recording(ClusterState.class, new InMemoryClusterState(clock, 1_000)),
                new SalAdminGuard(users, new FakeSal.WebSudo(), new FakeSal.Xsrf()));
        EngineSlot slot = new EngineSlot(recording(EngineFactory.class, engines), store,
                () -> new HostContext("http://localhost:8080", "node-1", PluginRuntime.CALLBACK_PATH));
        ConfigSaver saver = new ConfigSaver(engines, store, () -> false);
        saver.afterSave(slot::refresh);
        runtime = new PluginRuntime(adapters, slot, saver, new AuditLog(() -> "node-1", clock,
                List.of(new AuditCapture())), clock);
        store.save(TestRuntime.CONFIG, 0);
        slot.refresh();
        sso = OidcSso.over(runtime);
        // The host's order (atlassian-plugin.xml weights): bearer 50, logout 100, login 200.
        filters = List.of(new OidcBearerFilter(sso), new OidcLogoutFilter(sso), new OidcLoginFilter(sso));
    }

    /** Records each call of {@code type}'s methods on {@code target}; what they return is recorded too when it is a service. */
    private <T> T recording(Class<T> type, T target) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(target, args);
            }
            calls.add(type.getSimpleName() + "." + method.getName());
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof PluginSettings settings) {
                return recording(PluginSettings.class, settings);
            }
            if (result instanceof LoginEngine engine) {
                return recording(LoginEngine.class, engine);
            }
            return result;
        }));
    }

    /** alice's SSO login through the callback: provisions and links her (directory attributes, groups). */
    private FakeSession ssoLogin() throws Exception {
        engines.engine.answer(DecisionBuilder.forUser("alice").sid("sid-1").idTokenHint("id.token.alice")
                .groups("engineering", "jira-users").build());
        FakeResponse started = new FakeResponse();
        new OidcLoginFilter(sso).doFilter(FakeRequest.get("/login").request(), started.response(), new FakeChain());
        StartedLogin begun = StartedLogin.from(started);
        FakeRequest callback = begun.addCookies(FakeRequest.get("/plugins/servlet/oidc-sso/callback")
                .param("state", begun.state()).param("code", "c"));
        new OidcCallbackServlet(sso).service(callback.request(), new FakeResponse().response());
        FakeSession session = callback.fakeSession();
        assertTrue(OidcSession.read(session.session()).isPresent(), "the SSO login bound the session");
        // What the reference host's Seraph keys hold after a login (the principal and the user-id key).
        session.attributes().put(SERAPH_USER_ID, "alice");
        return session;
    }

    /** A session of the host's own login form, as the reference host leaves it (no OIDC attribute). */
    private static FakeSession formLogin(String username) {
        FakeSession session = new FakeSession();
        session.attributes().put(SERAPH_USER, new FakeSal.NamedPrincipal(username));
        session.attributes().put(SERAPH_USER_ID, username);
        session.attributes().put("io.oidcsso.refhost.signIn.way", "FORM");
        session.attributes().put("io.oidcsso.refhost.signIn.at", 1_700_000_000_000L);
        return session;
    }

    /** What one request with {@code session} on {@code path} did: host calls, then session reads. */
    private record Work(List<String> calls, List<String> sessionReads) {}

    /** One request through the three filters as the benchmark sends it (wrk: cookie and Accept headers only). */
    private Work request(FakeSession session, String path) throws Exception {
        FakeRequest request = FakeRequest.get(path).session(session)
                .header("Accept", path.startsWith("/rest/") ? "application/json" : "text/html");
        FakeChain end = new FakeChain();
        calls.clear();
        session.clearReads();
        new Chain(filters, end).doFilter(request.request(), new FakeResponse().response());
        assertTrue(end.passed(), "the request reached the product");
        return new Work(List.copyOf(calls), session.reads());
    }

    /** The second request of {@code session} on {@code path}: the first may fill the node's views. */
    private Work steady(FakeSession session, String path) throws Exception {
        request(session, path);
        return request(session, path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/rest/whoami", "/secure/dashboard"})
    void requestWhenLinkedUsersFormSessionThenSameWorkAsLocalUsers(String path) throws Exception {
        ssoLogin();
        assertTrue(crowd.getUserWithAttributes("alice").getKeys().size() > 0, "alice is linked: the directory holds her attributes");
        crowd.addLocalUser("local", true);

        Work alice = steady(formLogin("alice"), path);
        Work local = steady(formLogin("local"), path);

        assertEquals(local, alice);
    }

    @Test
    void requestWhenAnyBrowserSessionThenNoHostServiceOrEngineCalled() throws Exception {
        FakeSession sso = ssoLogin();
        crowd.addLocalUser("local", true);
        Map<String, FakeSession> sessions = Map.of("sso", sso, "alice", formLogin("alice"), "local", formLogin("local"));

        for (String path : PATHS) {
            for (Map.Entry<String, FakeSession> session : sessions.entrySet()) {
                assertEquals(List.of(), steady(session.getValue(), path).calls(), session.getKey() + " " + path);
            }
        }
    }

    @Test
    void requestWhenAnyBrowserSessionAfterThePollIntervalThenOneRevisionReadAndOneRevocationGenerationRead()
            throws Exception {
        FakeSession sso = ssoLogin();
        steady(sso, "/rest/whoami");
        clock.advance(Duration.ofSeconds(3));

        // The node's two watches, each at most once per 2 s for the whole node: the stored revision (emergency
        // settings) and, for an SSO session, the revocation generation.
        assertEquals(List.of("ClusterState.get", "ConfigStore.currentRevision"),
                request(sso, "/rest/whoami").calls().stream().sorted().toList());
        assertEquals(List.of(), request(sso, "/rest/whoami").calls());
    }

    @Test
    void requestWhenSsoSessionOnJsonCallThenTwoSessionReadsMoreThanAFormSession() throws Exception {
        FakeSession sso = ssoLogin();

        Work form = steady(formLogin("alice"), "/rest/whoami");
        Work oidc = steady(sso, "/rest/whoami");

        // The revocation check's record (read by every session), then whether the product still holds the login.
        List<String> extra = new ArrayList<>(oidc.sessionReads());
        form.sessionReads().forEach(extra::remove);
        assertEquals(Set.of("seraph_defaultauthenticator_logged_out_user", SERAPH_USER), Set.copyOf(extra),
                oidc.sessionReads().toString());
        assertEquals(2, extra.size(), oidc.sessionReads().toString());
    }

    @Test
    void requestWhenSsoSessionOnPageViewThenTheLoginIsReadOnceForBothFilters() throws Exception {
        FakeSession sso = ssoLogin();

        Work form = steady(formLogin("alice"), "/secure/dashboard");
        Work oidc = steady(sso, "/secure/dashboard");

        // The logout filter asks the session whether the product still holds the login; the login filter,
        // which asks it of every page view, takes that answer from the request: as many reads as a form session.
        assertEquals(List.of("io.oidcsso.session.idToken", "seraph_defaultauthenticator_logged_out_user", SERAPH_USER),
                oidc.sessionReads());
        assertEquals(form.sessionReads().size(), oidc.sessionReads().size(), form.sessionReads().toString());
    }

    @Test
    void requestWhenSsoSessionRevokedThenNoLoggedInAnswerLeftInTheRequest() throws Exception {
        FakeSession sso = ssoLogin();
        steady(sso, "/secure/dashboard");
        OidcSession login = OidcSession.read(sso.session()).orElseThrow();
        // A back-channel logout recorded on another node (its record and a new generation), seen after the bound.
        ClusterState state = runtime.adapters().clusterState();
        state.put("logout:sub:" + login.issuer() + "\n" + login.subject(), Long.toString(clock.millis()), Duration.ofHours(1));
        state.put("logout:generation", "after-the-logout", Duration.ofHours(1));
        clock.advance(Duration.ofSeconds(3));
        FakeRequest request = FakeRequest.get("/secure/dashboard").session(sso).header("Accept", "text/html");

        new Chain(filters, new FakeChain()).doFilter(request.request(), new FakeResponse().response());

        // The logout filter found the login, then ended it: the login filter must not take "logged in" from it.
        assertTrue(OidcSession.read(sso.session()).isEmpty(), "the revoked session's OIDC login was ended");
        assertNull(request.request().getAttribute(LoginRequestPolicy.LOGGED_IN_ATTRIBUTE));
    }

    /** The host's dispatch through the plugin's filters, then to the product. */
    private static final class Chain implements FilterChain {
        private final List<Filter> filters;
        private final FilterChain end;
        private int next;

        Chain(List<Filter> filters, FilterChain end) {
            this.filters = filters;
            this.end = end;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) throws java.io.IOException,
                javax.servlet.ServletException {
            if (next < filters.size()) {
                filters.get(next++).doFilter(request, response, this);
            } else {
                end.doFilter(request, response);
            }
        }
    }
}
