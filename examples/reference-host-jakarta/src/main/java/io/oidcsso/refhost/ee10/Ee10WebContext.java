package io.oidcsso.refhost.ee10;

import io.oidcsso.refhost.session.HomeSessionDataStore;
import io.oidcsso.refhost.web.WebContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.session.NullSessionCache;

/**
 * The host's context on Jetty's {@code ee10} environment (jakarta.servlet 6, Platform 8): the twin of
 * reference-host's {@code Ee8WebContext}, with the same settings.
 */
public final class Ee10WebContext implements WebContext {
    private static final EnumSet<DispatcherType> ALL = EnumSet.of(
            DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.INCLUDE, DispatcherType.ERROR);
    private static final int SESSION_IDLE_SECONDS = 30 * 60;

    private final ServletContextHandler context;

    private Ee10WebContext(ServletContextHandler context) {
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
            context.setErrorHandler(new Ee10ErrorHandler());
            if (sharedSessions != null) {
                NullSessionCache cache = new NullSessionCache(sessions);
                cache.setSessionDataStore(sharedSessions);
                cache.setFlushOnResponseCommit(true);
                cache.setRemoveUnloadableSessions(true);
                sessions.setSessionCache(cache);
            }
            return new Ee10WebContext(context);
        }

        @Override
        public String environment() {
            return "jetty-ee10";
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
        return context;
    }
}
