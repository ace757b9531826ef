package io.oidcsso.refhost.security;

import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.web.JsonResponses;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The host's Seraph SecurityFilter: finds the request's user (session, else HTTP Basic),
 * exposes it as the remote user to everything downstream, and turns anonymous requests for
 * protected paths into a login redirect (pages) or a 401 (REST). Runs after the plugin's
 * before-login filters and before its before-decoration filters.
 */
public final class SecurityFilter implements Filter {
    /** Request attribute holding the {@link AuthenticatedUser}, absent when anonymous. */
    public static final String USER_ATTRIBUTE = "io.oidcsso.refhost.user";
    private static final String FILTERED = SecurityFilter.class.getName() + ".filtered";

    private final SessionAuthenticator sessions;
    private final BasicAuthenticator basic;
    private final FileCrowdService directory;
    private final PersonalAccessTokens tokens;

    public SecurityFilter(SessionAuthenticator sessions, FileCrowdService directory, PersonalAccessTokens tokens) {
        this.sessions = sessions;
        this.basic = new BasicAuthenticator(directory, sessions);
        this.directory = directory;
        this.tokens = tokens;
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
        Optional<AuthenticatedUser> user = sessions.fromSession(request);
        if (user.isEmpty() && basic.isPresent(request)) {
            user = basic.authenticate(request);
            if (user.isEmpty()) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"Reference Host\"");
                JsonResponses.error(response, 401, "unauthorized", "wrong username or password in the Authorization header");
                return;
            }
        }
        if (user.isEmpty() && PersonalAccessTokens.isPresent(request)) {
            user = tokens.owner(request).flatMap(sessions::activeUser);
            if (user.isEmpty()) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"Reference Host\"");
                JsonResponses.error(response, 401, "unauthorized", "unknown personal access token in the Authorization header");
                return;
            }
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

    private boolean refuseAnonymous(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (AccessRules.forAnonymous(RequestPaths.of(request))) {
            case LOGIN_PAGE -> {
                String destination = URLEncoder.encode(RequestPaths.withQuery(request), StandardCharsets.UTF_8);
                response.sendRedirect(sessions.product().loginPath() + "?os_destination=" + destination);
                return true;
            }
            case REST_401 -> {
                JsonResponses.error(response, 401, "unauthorized", "log in first: this resource needs an authenticated user");
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
