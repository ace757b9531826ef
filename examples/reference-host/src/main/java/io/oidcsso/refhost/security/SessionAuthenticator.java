package io.oidcsso.refhost.security;

import com.atlassian.confluence.security.seraph.ConfluenceUserPrincipal;
import io.oidcsso.refhost.Product;
import io.oidcsso.refhost.crowd.DirectoryUser;
import io.oidcsso.refhost.crowd.FileCrowdService;
import java.security.Principal;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the login state of a session with the keys and checks of the product's
 * authenticator ({@link Product}), as strictly as the product:
 * <ul>
 * <li>refapp: Seraph's keys, the principal must be the host's own type, the username is the first
 * non-null of the user-id key and the principal's name;</li>
 * <li>Jira and Bamboo (Seraph 4.1.4 DefaultAuthenticator, JiraSeraphAuthenticator): any principal,
 * re-resolved by name (user-id key first);</li>
 * <li>Confluence (ConfluenceAuthenticator): only {@code seraph_defaultauthenticator_user}, which must
 * hold a {@code ConfluenceUserPrincipal} or the product's own user type; the user-id key is ignored;</li>
 * <li>Bitbucket: not Seraph; a session key of its own that only the host's login and its SAL
 * AuthenticationListener write.</li>
 * </ul>
 * A session marked logged-out is anonymous, and a user the directory does not know or has
 * deactivated is refused.
 */
public final class SessionAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(SessionAuthenticator.class);
    /** The id a session had while it was anonymous; a login that keeps that id is a fixation risk. */
    private static final String ANONYMOUS_ID_KEY = "io.oidcsso.refhost.anonymousSessionId";

    /** Bitbucket mode: the session attribute holding the logged-in username. */
    public static final String BITBUCKET_USER_KEY = "io.oidcsso.refhost.bitbucket.authenticatedUser";

    private final FileCrowdService directory;
    private final Product product;

    public SessionAuthenticator(FileCrowdService directory, Product product) {
        this.directory = directory;
        this.product = product;
    }

    public Product product() {
        return product;
    }

    /** The user this request's session is logged in as, after every check; empty when anonymous. */
    public Optional<AuthenticatedUser> fromSession(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute(SeraphKeys.LOGGED_OUT_KEY) != null) {
            return Optional.empty();
        }
        Optional<String> name = username(session);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String username = name.get();
        if (session.getId().equals(session.getAttribute(ANONYMOUS_ID_KEY))) {
            LOG.error("session was logged in as `{}` without a new session id (session fixation): whoever binds a"
                    + " session must call HttpServletRequest.changeSessionId(); the request is anonymous", username);
            clearLoginKeys(session);
            return Optional.empty();
        }
        return activeUser(username);
    }

    /** The username the session names under the product's rules; empty (and the keys removed) when refused. */
    private Optional<String> username(HttpSession session) {
        if (product == Product.BITBUCKET) {
            return session.getAttribute(BITBUCKET_USER_KEY) instanceof String name ? Optional.of(name) : Optional.empty();
        }
        Object principal = session.getAttribute(SeraphKeys.LOGGED_IN_KEY);
        Object userId = session.getAttribute(SeraphKeys.LOGGED_IN_USER_ID_KEY);
        if (principal != null && !acceptedPrincipal(principal)) {
            LOG.warn("session attribute {} holds a {}, which {} does not accept ({}); the request is anonymous and the"
                    + " login keys are removed", SeraphKeys.LOGGED_IN_KEY, principal.getClass().getName(), product.flag(),
                    acceptedTypes());
            clearLoginKeys(session);
            return Optional.empty();
        }
        if (product == Product.CONFLUENCE) {
            // ConfluenceAuthenticator#getUserFromSession reads only the principal.
            return principal == null ? Optional.empty() : Optional.ofNullable(((Principal) principal).getName());
        }
        if (userId != null && !(userId instanceof String)) {
            LOG.warn("session attribute {} holds a {}, not a String username; the request is anonymous",
                    SeraphKeys.LOGGED_IN_USER_ID_KEY, userId.getClass().getName());
            clearLoginKeys(session);
            return Optional.empty();
        }
        String username = userId != null ? (String) userId : principal == null ? null : ((Principal) principal).getName();
        return Optional.ofNullable(username);
    }

    private boolean acceptedPrincipal(Object principal) {
        return switch (product) {
            case REFAPP -> principal instanceof HostPrincipal;
            case CONFLUENCE -> principal instanceof ConfluenceUserPrincipal || principal instanceof HostPrincipal;
            default -> principal instanceof Principal;
        };
    }

    private String acceptedTypes() {
        return switch (product) {
            case REFAPP -> "only the host's principal type " + HostPrincipal.class.getName()
                    + ", obtained from SAL UserManager.resolve";
            case CONFLUENCE -> "only ConfluenceUserPrincipal or the user type SAL UserManager.resolve returns";
            default -> "any java.security.Principal";
        };
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
                && session.getAttribute(BITBUCKET_USER_KEY) == null
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
        bind(session, user.principal());
        if (product.usesSeraph() && product != Product.CONFLUENCE) {
            session.setAttribute(SeraphKeys.LOGGED_IN_USER_ID_KEY, user.principal().getName());
        }
    }

    /**
     * Puts {@code principal} into the session the product's way, without touching the session id:
     * what the product's SAL AuthenticationListener does on authenticationSuccess (Seraph's
     * SeraphAuthenticationListener; Confluence wraps the principal in a ConfluenceUserPrincipal first).
     */
    public void bind(HttpSession session, Principal principal) {
        switch (product) {
            case BITBUCKET -> session.setAttribute(BITBUCKET_USER_KEY, principal.getName());
            case CONFLUENCE -> session.setAttribute(SeraphKeys.LOGGED_IN_KEY, ConfluenceUserPrincipal.of(principal));
            default -> session.setAttribute(SeraphKeys.LOGGED_IN_KEY, principal);
        }
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
        session.removeAttribute(BITBUCKET_USER_KEY);
        session.removeAttribute(SeraphKeys.LOGGED_IN_KEY);
        session.removeAttribute(SeraphKeys.LOGGED_IN_USER_ID_KEY);
    }
}
