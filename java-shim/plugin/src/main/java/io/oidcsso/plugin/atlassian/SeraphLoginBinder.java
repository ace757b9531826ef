package io.oidcsso.plugin.atlassian;

import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.LoginBinder;
import io.oidcsso.plugin.host.LoginRefusedException;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

/**
 * Logs a user in the way Seraph's DefaultAuthenticator#putPrincipalInSessionContext does, plus the
 * session-id rotation that Seraph only does inside authoriseUserAndEstablishSession. The keys are
 * string literals, not Seraph's constants: constants are inlined and older products lack the
 * {@code _user_id} one. No remember-me cookie is ever set.
 */
public final class SeraphLoginBinder implements LoginBinder {
    static final String LOGGED_IN_KEY = "seraph_defaultauthenticator_user";
    static final String LOGGED_IN_USER_ID_KEY = "seraph_defaultauthenticator_user_id";
    static final String LOGGED_OUT_KEY = "seraph_defaultauthenticator_logged_out_user";

    private final PrincipalResolver resolver;

    public SeraphLoginBinder(PrincipalResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public void bind(HttpServletRequest request, DirectoryUser user) {
        if (!user.active()) {
            throw new LoginRefusedException("user_inactive", "user " + user.username() + " is deactivated in the product");
        }
        Principal principal = resolver.resolve(user.username());
        if (principal == null) {
            throw new LoginRefusedException("user_not_found", "the product has no user " + user.username());
        }
        HttpSession session = rotatedSession(request);
        session.setAttribute(LOGGED_IN_KEY, principal);
        // Seraph reads _user_id first: a stale value here would log the request in as someone else.
        session.setAttribute(LOGGED_IN_USER_ID_KEY, principal.getName());
        session.removeAttribute(LOGGED_OUT_KEY);
    }

    /** A fresh session id for the login (session fixation), keeping the session's attributes. */
    private static HttpSession rotatedSession(HttpServletRequest request) {
        HttpSession existing = request.getSession(false);
        if (existing == null) {
            return request.getSession(true);
        }
        existing.removeAttribute(LOGGED_IN_KEY);
        existing.removeAttribute(LOGGED_IN_USER_ID_KEY);
        try {
            request.changeSessionId();
            return request.getSession(true);
        } catch (IllegalStateException e) {
            // Invalidated meanwhile: a new session has a new id too.
            return request.getSession(true);
        }
    }

    @Override
    public void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        session.removeAttribute(LOGGED_IN_KEY);
        session.removeAttribute(LOGGED_IN_USER_ID_KEY);
        session.setAttribute(LOGGED_OUT_KEY, Boolean.TRUE);
    }

    @Override
    public Optional<String> boundUsername(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        Object userId = session.getAttribute(LOGGED_IN_USER_ID_KEY);
        if (userId instanceof String && !((String) userId).isEmpty()) {
            return Optional.of((String) userId);
        }
        Object principal = session.getAttribute(LOGGED_IN_KEY);
        return principal instanceof Principal ? Optional.ofNullable(((Principal) principal).getName()) : Optional.empty();
    }
}
