package io.oidcsso.refhost.plugin;

import com.atlassian.bitbucket.auth.AuthenticationException;
import com.atlassian.bitbucket.auth.AuthenticationResult;
import com.atlassian.bitbucket.auth.HttpAuthenticationContext;
import io.oidcsso.refhost.security.PluginAuthentication;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.servlet.FilterChain;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bitbucket mode: the enabled plugins' {@code http-auth-handler} modules, by weight (bitbucket-spi
 * {@code HttpAuthenticationHandler}; docs/host-api.md). {@code performAuthentication} returning null hands the
 * request to the next handler; an {@link AuthenticationException} refuses it with its message; any other
 * exception refuses it too (logged), never a 500 and never a silent pass.
 */
public final class AuthHandlerChain implements PluginAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(AuthHandlerChain.class);

    private final PluginManager plugins;

    public AuthHandlerChain(PluginManager plugins) {
        this.plugins = plugins;
    }

    @Override
    public Optional<String> authenticate(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws Refused {
        Context context = new Context(request, response, chain);
        for (AuthHandlerModule module : plugins.authHandlers()) {
            AuthenticationResult result = call(module, () -> module.handler().performAuthentication(context));
            if (result != null) {
                return Optional.of(result.getUser().getName());
            }
        }
        return Optional.empty();
    }

    @Override
    public void validate(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws Refused {
        Context context = new Context(request, response, chain);
        for (AuthHandlerModule module : plugins.authHandlers()) {
            call(module, () -> {
                module.handler().validateAuthentication(context);
                return null;
            });
        }
    }

    @FunctionalInterface
    private interface HandlerCall {
        AuthenticationResult run();
    }

    /** Runs plugin code with the plugin's class loader as the thread context loader, as the products do. */
    private static AuthenticationResult call(AuthHandlerModule module, HandlerCall call) throws Refused {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(module.classLoader());
        try {
            return call.run();
        } catch (AuthenticationException e) {
            throw new Refused(e.getLocalizedMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("http-auth-handler `{}` of plugin '{}' failed; the request is refused",
                    module.descriptor().key(), module.pluginKey(), e);
            throw new Refused("authentication failed (a plugin's authentication handler failed)", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The request as a handler sees it. Which credentials the host names: HTTP Basic (username and password),
     * {@code Authorization: Bearer} (the token as the credentials, no username), else none ({@code METHOD_FORM}).
     * What Bitbucket passes in {@code getMethod}, {@code getUsername} and {@code getCredentials} for each is
     * UNVERIFIED; the plugin reads only the request. A class, not a record: Eclipse Transformer would leave a
     * record's component descriptors in javax on the Platform 8 host.
     */
    private static final class Context implements HttpAuthenticationContext {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final FilterChain chain;

        Context(HttpServletRequest request, HttpServletResponse response, FilterChain chain) {
            this.request = request;
            this.response = response;
            this.chain = chain;
        }

        @Override
        public FilterChain getFilterChain() {
            return chain;
        }

        @Override
        public HttpServletRequest getRequest() {
            return request;
        }

        @Override
        public HttpServletResponse getResponse() {
            return response;
        }

        @Override
        public String getUsername() {
            String basic = basic();
            return basic == null || basic.indexOf(':') < 0 ? null : basic.substring(0, basic.indexOf(':'));
        }

        @Override
        public Object getCredentials() {
            String basic = basic();
            if (basic != null) {
                return basic.indexOf(':') < 0 ? null : basic.substring(basic.indexOf(':') + 1);
            }
            String header = request.getHeader("Authorization");
            return isScheme(header, "bearer ") ? header.substring(7).trim() : null;
        }

        @Override
        public String getMethod() {
            String header = request.getHeader("Authorization");
            if (isScheme(header, "basic ")) {
                return METHOD_BASIC;
            }
            return isScheme(header, "bearer ") ? METHOD_TOKEN : METHOD_FORM;
        }

        private String basic() {
            String header = request.getHeader("Authorization");
            if (!isScheme(header, "basic ")) {
                return null;
            }
            try {
                return new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static boolean isScheme(String header, String scheme) {
            return header != null && header.toLowerCase(Locale.ROOT).startsWith(scheme);
        }
    }
}
