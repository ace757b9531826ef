package io.oidcsso.refhost;

import io.oidcsso.refhost.plugin.AuthHandlerChain;
import io.oidcsso.refhost.plugin.FilterLocation;
import io.oidcsso.refhost.plugin.PluginManager;
import io.oidcsso.refhost.plugin.LocationFilter;
import io.oidcsso.refhost.plugin.ModuleAccess;
import io.oidcsso.refhost.plugin.PluginServletDispatcher;
import io.oidcsso.refhost.security.PluginAuthentication;
import io.oidcsso.refhost.security.SecurityFilter;
import io.oidcsso.refhost.web.AdminMenuServlet;
import io.oidcsso.refhost.web.DashboardServlet;
import io.oidcsso.refhost.web.HomeServlet;
import io.oidcsso.refhost.web.LoginServlet;
import io.oidcsso.refhost.web.LogoutServlet;
import io.oidcsso.refhost.web.NotFoundServlet;
import io.oidcsso.refhost.web.PluginAdminServlet;
import io.oidcsso.refhost.web.RestServlet;
import io.oidcsso.refhost.web.ScmServlet;
import io.oidcsso.refhost.web.SessionProbeServlet;
import io.oidcsso.refhost.web.UserAdminServlet;
import io.oidcsso.refhost.web.WebSudoServlet;
import io.oidcsso.refhost.web.WebContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The web application: the filter chain in product order (after-encoding, before-login, the
 * security filter, before-decoration, before-dispatch) and the host's pages, on the
 * {@link WebContext} of this host jar's Jetty environment.
 */
final class WebApp {
    private WebApp() {}

    static void install(WebContext context, HostComponents host, PluginManager plugin, String nodeId) {
        ModuleAccess access = new ModuleAccess(host.sessions);
        context.addFilter("host-encoding", new HostHeadersFilter(nodeId));
        // A benchmark knob (test-only, off by default): N microseconds of CPU per request, a host slower by a known amount.
        int burnMicros = BenchBurnFilter.configuredMicros(System.getProperty(BenchBurnFilter.PROPERTY));
        BenchBurnFilter burn = burnMicros > 0 ? new BenchBurnFilter(burnMicros) : null;
        if (burn != null) {
            context.addFilter("bench-burn", burn);
        }
        context.addFilter("plugin-after-encoding", new LocationFilter(FilterLocation.AFTER_ENCODING, plugin, access));
        context.addFilter("plugin-before-login", new LocationFilter(FilterLocation.BEFORE_LOGIN, plugin, access));
        // Bitbucket authenticates through its http-auth-handler modules (the plugins' among them); the others have none.
        PluginAuthentication handlers = host.product == Product.BITBUCKET ? new AuthHandlerChain(plugin)
                : PluginAuthentication.NONE;
        context.addFilter("host-security", new SecurityFilter(host.sessions, host.directory, host.personalAccessTokens,
                handlers));
        context.addFilter("plugin-before-decoration", new LocationFilter(FilterLocation.BEFORE_DECORATION, plugin, access));
        context.addFilter("plugin-before-dispatch", new LocationFilter(FilterLocation.BEFORE_DISPATCH, plugin, access));

        context.addServlet("home", new HomeServlet(), "");
        LoginServlet login = new LoginServlet(host.directory, host.sessions, host.webSudo, host.destinations,
                host.authenticationController);
        if (host.product.loginPath().equals("/login")) {
            context.addServlet("login", login, "/login");
        } else {
            context.addServlet("login", login, "/login", host.product.loginPath());
        }
        List<String> logoutPaths = new ArrayList<>(List.of("/logout"));
        for (String path : host.product.logoutPaths()) {
            if (!logoutPaths.contains(path)) {
                logoutPaths.add(path);
            }
        }
        context.addServlet("logout", new LogoutServlet(host.sessions), logoutPaths.toArray(String[]::new));
        context.addServlet("secure", new DashboardServlet(host.directory), "/secure/*");
        context.addServlet("admin", new AdminMenuServlet(plugin, host.directory, host.product), AdminMenuServlet.PATH);
        WebSudoServlet webSudoPage = new WebSudoServlet(host.directory, host.webSudo, host.destinations);
        context.addServlet("websudo", webSudoPage, host.webSudo.page());
        if (!host.webSudo.formAction().equals(host.webSudo.page())) {
            // Jira: the form posts to the action without !default.
            context.addServlet("websudo-post", webSudoPage, host.webSudo.formAction());
        }
        context.addServlet("rest", new RestServlet(host.directory, nodeId), "/rest/*");
        context.addServlet("user-admin", new UserAdminServlet(host.directory), UserAdminServlet.PATH);
        context.addServlet("plugin-admin", new PluginAdminServlet(plugin, host.directory), "/rest/plugins/1.0/*");
        context.addServlet("plugins", new PluginServletDispatcher(plugin, access), "/plugins/servlet/*");
        if (host.product == Product.BITBUCKET) {
            context.addServlet("scm", new ScmServlet(host.home), "/scm/*");
        }
        if (burn != null) {
            context.addServlet("bench-burn", new BenchBurnServlet(burn), BenchBurnServlet.PATH);
        }
        if (Boolean.getBoolean(SessionProbeServlet.PROPERTY)) {
            context.addServlet("session-probe", new SessionProbeServlet(), SessionProbeServlet.PATH);
        }
        context.addServlet("not-found", new NotFoundServlet(), "/");
    }
}
