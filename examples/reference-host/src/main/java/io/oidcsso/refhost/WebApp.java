package io.oidcsso.refhost;

import io.oidcsso.refhost.plugin.FilterLocation;
import io.oidcsso.refhost.plugin.PluginManager;
import io.oidcsso.refhost.plugin.LocationFilter;
import io.oidcsso.refhost.plugin.ModuleAccess;
import io.oidcsso.refhost.plugin.PluginServletDispatcher;
import io.oidcsso.refhost.security.SecurityFilter;
import io.oidcsso.refhost.web.DashboardServlet;
import io.oidcsso.refhost.web.HomeServlet;
import io.oidcsso.refhost.web.HostErrorHandler;
import io.oidcsso.refhost.web.LoginServlet;
import io.oidcsso.refhost.web.LogoutServlet;
import io.oidcsso.refhost.web.NotFoundServlet;
import io.oidcsso.refhost.web.PluginAdminServlet;
import io.oidcsso.refhost.web.RestServlet;
import io.oidcsso.refhost.web.WebSudoServlet;
import java.util.EnumSet;
import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import io.oidcsso.refhost.session.HomeSessionDataStore;
import org.eclipse.jetty.ee8.nested.SessionHandler;
import org.eclipse.jetty.ee8.servlet.FilterHolder;
import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.servlet.ServletHolder;
import org.eclipse.jetty.session.NullSessionCache;

/**
 * The web application: the filter chain in product order (after-encoding, before-login, the
 * security filter, before-decoration, before-dispatch) and the host's pages.
 */
final class WebApp {
    private static final EnumSet<DispatcherType> ALL = EnumSet.of(
            DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.INCLUDE, DispatcherType.ERROR);

    private WebApp() {}

    private static final int SESSION_IDLE_SECONDS = 30 * 60;

    static ServletContextHandler newContext(boolean secureCookies, HomeSessionDataStore sharedSessions) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        SessionHandler sessions = context.getSessionHandler();
        sessions.setHttpOnly(true);
        sessions.setSecureRequestOnly(secureCookies);
        sessions.getSessionCookieConfig().setSecure(secureCookies);
        sessions.setMaxInactiveInterval(SESSION_IDLE_SECONDS);
        context.setErrorHandler(new HostErrorHandler());
        if (sharedSessions != null) {
            // No in-memory copy: every request reads the session from the home, and a change is
            // written before the response is sent, so the next request may land on any node.
            NullSessionCache cache = new NullSessionCache(sessions.getSessionManager());
            cache.setSessionDataStore(sharedSessions);
            cache.setFlushOnResponseCommit(true);
            cache.setRemoveUnloadableSessions(true);
            sessions.setSessionCache(cache);
        }
        return context;
    }

    static void install(ServletContextHandler context, HostComponents host, PluginManager plugin, String nodeId) {
        ModuleAccess access = new ModuleAccess(host.sessions);
        addFilter(context, "host-encoding", new HostHeadersFilter(nodeId));
        addFilter(context, "plugin-after-encoding", new LocationFilter(FilterLocation.AFTER_ENCODING, plugin, access));
        addFilter(context, "plugin-before-login", new LocationFilter(FilterLocation.BEFORE_LOGIN, plugin, access));
        addFilter(context, "host-security", new SecurityFilter(host.sessions, host.directory));
        addFilter(context, "plugin-before-decoration", new LocationFilter(FilterLocation.BEFORE_DECORATION, plugin, access));
        addFilter(context, "plugin-before-dispatch", new LocationFilter(FilterLocation.BEFORE_DISPATCH, plugin, access));

        context.addServlet(new ServletHolder("home", new HomeServlet()), "");
        ServletHolder login = new ServletHolder("login", new LoginServlet(host.directory, host.sessions, host.webSudo,
                host.destinations, host.authenticationController));
        context.addServlet(login, "/login");
        if (!host.product.loginPath().equals("/login")) {
            context.getServletHandler().addServletWithMapping(login, host.product.loginPath());
        }
        ServletHolder logout = new ServletHolder("logout", new LogoutServlet(host.sessions));
        context.addServlet(logout, "/logout");
        for (String path : host.product.logoutPaths()) {
            if (!path.equals("/logout")) {
                context.getServletHandler().addServletWithMapping(logout, path);
            }
        }
        context.addServlet(new ServletHolder("secure", new DashboardServlet(host.directory)), "/secure/*");
        context.addServlet(new ServletHolder("websudo",
                new WebSudoServlet(host.directory, host.webSudo, host.destinations)), "/secure/websudo");
        context.addServlet(new ServletHolder("rest", new RestServlet(host.directory, nodeId)), "/rest/*");
        context.addServlet(new ServletHolder("plugin-admin", new PluginAdminServlet(plugin, host.directory)),
                "/rest/plugins/1.0/*");
        context.addServlet(new ServletHolder("plugins", new PluginServletDispatcher(plugin, access)), "/plugins/servlet/*");
        context.addServlet(new ServletHolder("not-found", new NotFoundServlet()), "/");
    }

    private static void addFilter(ServletContextHandler context, String name, Filter filter) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setName(name);
        context.addFilter(holder, "/*", ALL);
    }
}
