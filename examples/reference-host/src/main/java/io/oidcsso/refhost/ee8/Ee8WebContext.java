package io.oidcsso.refhost.ee8;

import io.oidcsso.refhost.session.HomeSessionDataStore;
import io.oidcsso.refhost.web.WebContext;
import java.util.EnumSet;
import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.Servlet;
import javax.servlet.ServletContext;
import org.eclipse.jetty.ee8.nested.SessionHandler;
import org.eclipse.jetty.ee8.servlet.FilterHolder;
import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.session.NullSessionCache;

/**
 * The host's context on Jetty's {@code ee8} environment (javax.servlet 4, Platform 7). Excluded from
 * the Platform 8 host jar, which has its {@code ee10} twin.
 */
public final class Ee8WebContext implements WebContext {
    private static final EnumSet<DispatcherType> ALL = EnumSet.of(
            DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.INCLUDE, DispatcherType.ERROR);
    private static final int SESSION_IDLE_SECONDS = 30 * 60;

    private final ServletContextHandler context;

    private Ee8WebContext(ServletContextHandler context) {
        this.context = context;
    }

    /** The ServiceLoader entry point. */
    public static final class Factory implements WebContext.Factory {
        @Override
        public WebContext create(boolean secureCookies, HomeSessionDataStore sharedSessions) {
            ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
            context.setContextPath("/");
            SessionHandler sessions = context.getSessionHandler();
            sessions.setHttpOnly(true);
            sessions.setSecureRequestOnly(secureCookies);
            sessions.getSessionCookieConfig().setSecure(secureCookies);
            sessions.setMaxInactiveInterval(SESSION_IDLE_SECONDS);
            context.setErrorHandler(new Ee8ErrorHandler());
            if (sharedSessions != null) {
                NullSessionCache cache = new NullSessionCache(sessions.getSessionManager());
                cache.setSessionDataStore(sharedSessions);
                cache.setFlushOnResponseCommit(true);
                cache.setRemoveUnloadableSessions(true);
                sessions.setSessionCache(cache);
            }
            return new Ee8WebContext(context);
        }

        @Override
        public String environment() {
            return "jetty-ee8";
        }
    }

    @Override
    public void addFilter(String name, Filter filter) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setName(name);
        context.addFilter(holder, "/*", ALL);
    }

    @Override
    public void addServlet(String name, Servlet servlet, String... paths) {
        ServletHolder holder = new ServletHolder(name, servlet);
        context.addServlet(holder, paths[0]);
        for (int i = 1; i < paths.length; i++) {
            context.getServletHandler().addServletWithMapping(holder, paths[i]);
        }
    }

    @Override
    public ServletContext servletContext() {
        return context.getServletContext();
    }

    @Override
    public Handler handler() {
        // ee8 contexts are nested handlers: the core handler wraps them.
        return context.get();
    }
}
