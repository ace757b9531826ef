package io.oidcsso.refhost.web;

import io.oidcsso.refhost.session.HomeSessionDataStore;
import java.util.ServiceLoader;
import javax.servlet.Filter;
import javax.servlet.Servlet;
import javax.servlet.ServletContext;
import org.eclipse.jetty.server.Handler;

/**
 * The host's one servlet context, independent of the Jetty environment that serves it: Jetty
 * {@code ee8} (javax.servlet, Platform 7) in reference-host.jar, {@code ee10} (jakarta.servlet,
 * Platform 8) in reference-host-jakarta.jar, whose other classes are this jar's, transformed. Only
 * the implementation of this interface (found with {@link ServiceLoader}) touches an environment's
 * classes, so everything else is the same bytecode on both platforms.
 */
public interface WebContext {
    /** Adds a filter for {@code /*} on every dispatcher type, after the ones added before. */
    void addFilter(String name, Filter filter);

    /** Maps one servlet instance to each of {@code paths} (servlet spec patterns). */
    void addServlet(String name, Servlet servlet, String... paths);

    ServletContext servletContext();

    /** The Jetty handler to serve the context with. */
    Handler handler();

    /** Creates a {@link WebContext} for the environment this host jar is built for. */
    interface Factory {
        /**
         * A context at {@code /} with HTTP sessions (HttpOnly cookies, {@code Secure} with
         * {@code secureCookies}, 30 minutes idle), the host's error pages ({@link ErrorPages}), and
         * when {@code sharedSessions} is given, no in-memory session cache: every request reads the
         * session from the home and a change is written before the response is committed.
         */
        WebContext create(boolean secureCookies, HomeSessionDataStore sharedSessions);

        /** The environment's name for logs, e.g. {@code jetty-ee8}. */
        String environment();
    }

    /** The factory shipped in this host jar (exactly one). */
    static Factory factory() {
        Factory found = null;
        for (Factory factory : ServiceLoader.load(Factory.class, WebContext.class.getClassLoader())) {
            if (found != null) {
                throw new IllegalStateException("two web environments in the host jar: " + found.environment()
                        + " and " + factory.environment());
            }
            found = factory;
        }
        if (found == null) {
            throw new IllegalStateException("the host jar has no web environment (META-INF/services/"
                    + Factory.class.getName() + ")");
        }
        return found;
    }
}
