package io.oidcsso.refhost.security;

import io.oidcsso.refhost.Product;
import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.web.JsonResponses;
import io.oidcsso.refhost.web.UnreadBody;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletRequestWrapper;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The host's Seraph SecurityFilter (Bitbucket mode: its authentication chain): finds the request's user
 * (session, else HTTP Basic, else an access token, else Bitbucket's plugin http-auth-handlers), exposes it as the remote user to everything downstream, and turns anonymous requests for
 * protected paths into a login redirect (pages) or a 401 (REST). Runs after the plugin's
 * before-login filters and before its before-decoration filters. Each of its refusals comes before the
 * request's body is read, so it settles that body first ({@link UnreadBody}).
 */
public final class SecurityFilter implements Filter {
    /** Request attribute holding the {@link AuthenticatedUser}, absent when anonymous. */
    public static final String USER_ATTRIBUTE = "io.oidcsso.refhost.user";
    private static final String FILTERED = SecurityFilter.class.getName() + ".filtered";

    private final SessionAuthenticator sessions;
    private final BasicAuthenticator basic;
    private final FileCrowdService directory;
    private final PersonalAccessTokens tokens;
    private final PluginAuthentication handlers;
    private final boolean bitbucket;

    public SecurityFilter(SessionAuthenticator sessions, FileCrowdService directory, PersonalAccessTokens tokens) {
        this(sessions, directory, tokens, PluginAuthentication.NONE);
    }

    /** {@code handlers}: Bitbucket's http-auth-handler modules (used in Bitbucket mode only). */
    public SecurityFilter(SessionAuthenticator sessions, FileCrowdService directory, PersonalAccessTokens tokens,
            PluginAuthentication handlers) {
        this.sessions = sessions;
        this.basic = new BasicAuthenticator(directory, sessions);
        this.directory = directory;
        this.tokens = tokens;
        this.handlers = handlers;
        this.bitbucket = sessions.product() == Product.BITBUCKET;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getAttribute(FILTERED) != null) {
            chain.doFilter(req, res);
            return;
        }
        request.setAttribute(FILTERED, Boolean.TRUE);
        Optional<AuthenticatedUser> user;
        try {
            user = authenticate(request, response, chain);
        } catch (PluginAuthentication.Refused e) {
            refuseCredentials(request, response, e.getMessage());
            return;
        }
        if (user == null) {
            return;
        }
        if (user.isPresent()) {
            request.setAttribute(USER_ATTRIBUTE, user.get());
            XsrfCookie.offer(request, response);
            chain.doFilter(new AuthenticatedRequest(request, user.get(), directory), response);
            return;
        }
        request.removeAttribute(USER_ATTRIBUTE);
        sessions.noteAnonymous(request);
        if (!refuseAnonymous(request, response)) {
            chain.doFilter(request, response);
        }
    }

    /**
     * The request's user: its session, else HTTP Basic, else a personal access token (Bitbucket: an HTTP access
     * token), else in Bitbucket mode the plugins' http-auth-handlers by weight. Null when the answer was written.
     *
     * <p>Bitbucket mode is stricter than the Seraph modes about where a session comes from: it reads the session
     * of the container's request, never one a plugin filter's request wrapper offers. Bitbucket's Spring Security
     * chain loads the security context from the session before the plugins' before-login filters run
     * (docs/host-api.md, "Bitbucket: how git over HTTPS is authenticated"), so a user such a filter writes through
     * SAL into its own request's session is not the request's user there; plugins authenticate requests through
     * an http-auth-handler.
     */
    private Optional<AuthenticatedUser> authenticate(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws IOException, PluginAuthentication.Refused {
        Optional<AuthenticatedUser> user = sessions.fromSession(bitbucket ? containerRequest(request) : request);
        if (bitbucket && user.isPresent()) {
            try {
                handlers.validate(request, response, chain);
            } catch (PluginAuthentication.Refused e) {
                // validateAuthentication asked for re-authentication: the session's login ends.
                sessions.logout(containerRequest(request));
                user = Optional.empty();
            }
        }
        if (user.isEmpty() && basic.isPresent(request)) {
            user = basic.authenticate(request);
            if (user.isEmpty()) {
                UnreadBody.settle(request, response);
                response.setHeader("WWW-Authenticate", "Basic realm=\"Reference Host\"");
                JsonResponses.error(response, 401, "unauthorized", "wrong username or password in the Authorization header");
                return null;
            }
        }
        boolean token = user.isEmpty() && PersonalAccessTokens.isPresent(request);
        if (token) {
            user = tokens.owner(request).flatMap(sessions::activeUser);
        }
        if (bitbucket && user.isEmpty()) {
            user = handlers.authenticate(request, response, chain).flatMap(sessions::activeUser);
        }
        if (token && user.isEmpty()) {
            UnreadBody.settle(request, response);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"Reference Host\"");
            JsonResponses.error(response, 401, "unauthorized", "unknown personal access token in the Authorization header");
            return null;
        }
        return user;
    }

    /** The container's own request under any request wrappers the plugins' filters put around it. */
    private static HttpServletRequest containerRequest(HttpServletRequest request) {
        ServletRequest inner = request;
        while (inner instanceof ServletRequestWrapper wrapper) {
            inner = wrapper.getRequest();
        }
        return inner instanceof HttpServletRequest http ? http : request;
    }

    /**
     * Bitbucket mode: an http-auth-handler refused the request's credentials (its AuthenticationException's
     * message). Git ({@code /scm/...}) gets 403 with the message as {@code text/plain}, which git prints as
     * {@code remote: <message>} (it cannot answer a 401 when the credentials came from {@code http.extraHeader});
     * other requests a JSON 401. Headers the handler set ({@code WWW-Authenticate}) stay. What Bitbucket's own
     * failure handlers answer is UNVERIFIED (docs/host-api.md).
     */
    private static void refuseCredentials(HttpServletRequest request, HttpServletResponse response, String message)
            throws IOException {
        String text = message == null || message.isBlank() ? "authentication failed" : message;
        UnreadBody.settle(request, response);
        if (RequestPaths.of(request).startsWith("/scm/")) {
            response.setStatus(403);
            response.setContentType("text/plain;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.getWriter().write(text + "\n");
            return;
        }
        JsonResponses.error(response, 401, "unauthorized", text);
    }

    private boolean refuseAnonymous(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (AccessRules.forAnonymous(RequestPaths.of(request))) {
            case LOGIN_PAGE -> {
                UnreadBody.settle(request, response);
                String destination = URLEncoder.encode(RequestPaths.withQuery(request), StandardCharsets.UTF_8);
                response.sendRedirect(sessions.product().loginPath() + "?os_destination=" + destination);
                return true;
            }
            case REST_401 -> {
                UnreadBody.settle(request, response);
                JsonResponses.error(response, 401, "unauthorized", "log in first: this resource needs an authenticated user");
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
