package io.oidcsso.refhost.security;

import java.util.Optional;
import javax.servlet.FilterChain;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Bitbucket's plugin authentication handlers ({@code <http-auth-handler>}) as the security filter calls them:
 * after the host's own session, Basic and access-token checks, by weight; the first user returned is the
 * request's. Empty in the other modes.
 */
public interface PluginAuthentication {
    /** No handlers (the modes other than Bitbucket). */
    PluginAuthentication NONE = new PluginAuthentication() {
        @Override
        public Optional<String> authenticate(HttpServletRequest request, HttpServletResponse response, FilterChain chain) {
            return Optional.empty();
        }

        @Override
        public void validate(HttpServletRequest request, HttpServletResponse response, FilterChain chain) {
            // No handler to ask.
        }
    };

    /**
     * The username the first handler that claims the request returns ({@code performAuthentication} not null);
     * empty when none does.
     *
     * @throws Refused when a handler refuses the request's credentials ({@code AuthenticationException})
     */
    Optional<String> authenticate(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws Refused;

    /**
     * {@code validateAuthentication} of every handler, for a request whose user the host already knows (a session).
     *
     * @throws Refused when a handler wants the user to authenticate again
     */
    void validate(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws Refused;

    /** A handler refused: the message is the one its exception carries (for the client). */
    final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
