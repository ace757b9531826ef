package io.oidcsso.refhost.security;

import io.oidcsso.refhost.crowd.DirectoryUser;
import io.oidcsso.refhost.crowd.FileCrowdService;
import java.security.Principal;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the login state of a session with the keys and checks of Seraph's
 * DefaultAuthenticator, as strictly as a product: the principal must be the host's own type,
 * the username is the first non-null of the user-id key and the principal's name, a session
 * marked logged-out is anonymous, and a user the directory does not know or has deactivated
 * is refused.
 */
public final class SessionAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(SessionAuthenticator.class);
    /** The id a session had while it was anonymous; a login that keeps that id is a fixation risk. */
    private static final String ANONYMOUS_ID_KEY = "io.oidcsso.refhost.anonymousSessionId";

    private final FileCrowdService directory;

    public SessionAuthenticator(FileCrowdService directory) {
        this.directory = directory;
    }

    /** The user this request's session is logged in as, after every check; empty when anonymous. */
    public Optional<AuthenticatedUser> fromSession(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute(SeraphKeys.LOGGED_OUT_KEY) != null) {
            return Optional.empty();
        }
        Object principal = session.getAttribute(SeraphKeys.LOGGED_IN_KEY);
        Object userId = session.getAttribute(SeraphKeys.LOGGED_IN_USER_ID_KEY);
        if (principal != null && !(principal instanceof HostPrincipal)) {
            LOG.warn("session attribute {} holds a {}, not the host's principal type {} (obtain it from SAL "
                            + "UserManager.resolve); the request is anonymous and the login keys are removed",
                    SeraphKeys.LOGGED_IN_KEY, principal.getClass().getName(), HostPrincipal.class.getName());
            clearLoginKeys(session);
            return Optional.empty();
        }
        if (userId != null && !(userId instanceof String)) {
            LOG.warn("session attribute {} holds a {}, not a String username; the request is anonymous",
                    SeraphKeys.LOGGED_IN_USER_ID_KEY, userId.getClass().getName());
            clearLoginKeys(session);
            return Optional.empty();
        }
        String username = userId != null ? (String) userId : principal == null ? null : ((Principal) principal).getName();
        if (username != null && session.getId().equals(session.getAttribute(ANONYMOUS_ID_KEY))) {
            LOG.error("session was logged in as `{}` without a new session id (session fixation): whoever binds a"
                    + " session must call HttpServletRequest.changeSessionId(); the request is anonymous", username);
            clearLoginKeys(session);
            return Optional.empty();
        }
        return username == null ? Optional.empty() : activeUser(username);
    }

    /**
     * Remembers the id of a session that carries no login at all, so a later login that does not
     * rotate it is caught. (A session refused for other reasons, such as an inactive user, is not
     * marked.)
     */
    public void noteAnonymous(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SeraphKeys.LOGGED_IN_KEY) == null
                && session.getAttribute(SeraphKeys.LOGGED_IN_USER_ID_KEY) == null
                && !session.getId().equals(session.getAttribute(ANONYMOUS_ID_KEY))) {
            session.setAttribute(ANONYMOUS_ID_KEY, session.getId());
        }
    }

    /** The active user {@code username}, or empty when unknown or inactive (with a log line saying which). */
    public Optional<AuthenticatedUser> activeUser(String username) {
        DirectoryUser user = (DirectoryUser) directory.getUser(username);
        if (user == null) {
            LOG.warn("session names user `{}`, who is not in the directory; the request is anonymous", username);
            return Optional.empty();
        }
        if (!user.isActive()) {
            LOG.info("user `{}` is inactive; the request is anonymous", username);
            return Optional.empty();
        }
        return Optional.of(new AuthenticatedUser(user, principalFor(user)));
    }

    /** The host principal for a directory user. */
    public HostPrincipal principalFor(DirectoryUser user) {
        return new HostPrincipal(user.getName(), directory.userKey(user.getName()));
    }

    /**
     * Binds the session to {@code user} like Seraph's authoriseUserAndEstablishSession with
     * invalidate-on-login: a new session id, then the three keys.
     */
    public void establish(HttpServletRequest request, AuthenticatedUser user) {
        HttpSession existing = request.getSession(false);
        if (existing != null) {
            request.changeSessionId();
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(SeraphKeys.LOGGED_IN_KEY, user.principal());
        session.setAttribute(SeraphKeys.LOGGED_IN_USER_ID_KEY, user.principal().getName());
        session.removeAttribute(SeraphKeys.LOGGED_OUT_KEY);
    }

    /** Logs the session out (Seraph's removePrincipalFromSessionContext), then drops it. */
    public void logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        clearLoginKeys(session);
        session.setAttribute(SeraphKeys.LOGGED_OUT_KEY, Boolean.TRUE);
        session.invalidate();
    }

    private static void clearLoginKeys(HttpSession session) {
        session.removeAttribute(SeraphKeys.LOGGED_IN_KEY);
        session.removeAttribute(SeraphKeys.LOGGED_IN_USER_ID_KEY);
    }
}
