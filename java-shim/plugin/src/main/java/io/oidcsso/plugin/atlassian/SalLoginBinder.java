package io.oidcsso.plugin.atlassian;

import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.auth.AuthenticationController;
import com.atlassian.sal.api.auth.AuthenticationListener;
import com.atlassian.sal.api.auth.Authenticator;
import com.atlassian.sal.api.user.UserKey;
import com.atlassian.sal.api.user.UserManager;
import com.atlassian.sal.api.user.UserProfile;
import com.atlassian.sal.api.user.UserResolutionException;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.LoginBinder;
import io.oidcsso.plugin.host.LoginRefusedException;
import io.oidcsso.plugin.host.UserDirectoryException;
import java.security.Principal;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * Binds the session as Atlassian's own SSO app does on every product (atlassian-authentication-plugin
 * 4.2.26: SalPrincipalResolver, AbstractConsumerServlet#authenticationSuccess): SAL
 * {@code UserManager.resolve}, then {@code AuthenticationController.canLogin} (a user without
 * product access is refused), then a new session (the old one invalidated), then
 * {@code AuthenticationListener.authenticationSuccess}, which puts the principal into the session
 * the product's way (Seraph's keys, Confluence's ConfluenceUserPrincipal, Bitbucket's own).
 * Nothing here depends on the class SAL resolves a user to.
 *
 * <p>Reading and ending a login are not in SAL. On the Seraph products the session's Seraph keys
 * are read to tell whether someone is logged in, and a logout writes them as Seraph's
 * removePrincipalFromSessionContext does (no SAL call exists for it); on Bitbucket, which has no
 * Seraph, the session is invalidated instead.
 */
public final class SalLoginBinder implements LoginBinder {
    /** The username this plugin bound the session to (the product's own keys may differ in form). */
    static final String BOUND_USER_KEY = "io.oidcsso.boundUser";
    static final String SERAPH_USER_KEY = "seraph_defaultauthenticator_user";
    static final String SERAPH_USER_ID_KEY = "seraph_defaultauthenticator_user_id";
    static final String SERAPH_LOGGED_OUT_KEY = "seraph_defaultauthenticator_logged_out_user";
    /** What Atlassian's app sets on Jira after a login (its productSpecificWorkarounds). */
    static final String JIRA_REDIRECT_ATTRIBUTE = "com.atlassian.web.servlet.plugin.request.RedirectInterceptingResponse.sendRedirect";
    static final String JIRA_BOTKILLER_KEY = "com.atlassian.labs.botkiller.BotKiller";

    private final UserManager userManager;
    private final AuthenticationController authenticationController;
    private final AuthenticationListener authenticationListener;
    private final String platformId;

    public SalLoginBinder(UserManager userManager, AuthenticationController authenticationController,
            AuthenticationListener authenticationListener, String platformId) {
        this.userManager = Objects.requireNonNull(userManager, "userManager");
        this.authenticationController = Objects.requireNonNull(authenticationController, "authenticationController");
        this.authenticationListener = Objects.requireNonNull(authenticationListener, "authenticationListener");
        this.platformId = Objects.requireNonNull(platformId, "platformId");
    }

    @Override
    public void bind(HttpServletRequest request, HttpServletResponse response, DirectoryUser user) {
        if (!user.active()) {
            throw new LoginRefusedException("user_inactive", "user " + user.username() + " is deactivated in the product");
        }
        Principal principal = resolve(user);
        if (!authenticationController.canLogin(principal, request)) {
            throw new LoginRefusedException("login_not_permitted", "the product does not let " + user.username()
                    + " log in (SAL AuthenticationController.canLogin is false: no product access)");
        }
        HttpSession session = newSession(request);
        authenticationListener.authenticationSuccess(new Authenticator.Result.Success(principal), request, response);
        session = request.getSession(true);
        session.setAttribute(BOUND_USER_KEY, principal.getName());
        if (ApplicationProperties.PLATFORM_JIRA.equals(platformId)) {
            request.setAttribute(JIRA_REDIRECT_ATTRIBUTE, Boolean.TRUE);
            session.setAttribute(JIRA_BOTKILLER_KEY, session.getMaxInactiveInterval());
        }
    }

    /**
     * The same checks as {@link #bind} (active, resolved, {@code canLogin}), then
     * {@code AuthenticationListener.authenticationSuccess} on a request whose session lives only as long
     * as the request ({@link RequestScopedSession}): the product reads its user from it as from any
     * session, and nothing outlives the request.
     */
    @Override
    public HttpServletRequest authenticateRequest(HttpServletRequest request, HttpServletResponse response,
            DirectoryUser user) {
        if (!user.active()) {
            throw new LoginRefusedException("user_inactive", "user " + user.username() + " is deactivated in the product");
        }
        Principal principal = resolve(user);
        HttpServletRequest scoped = RequestScopedSession.wrap(request);
        if (!authenticationController.canLogin(principal, scoped)) {
            throw new LoginRefusedException("login_not_permitted", "the product does not let " + user.username()
                    + " log in (SAL AuthenticationController.canLogin is false: no product access)");
        }
        authenticationListener.authenticationSuccess(new Authenticator.Result.Success(principal), scoped, response);
        scoped.getSession(true).setAttribute(BOUND_USER_KEY, principal.getName());
        return scoped;
    }

    /**
     * The product's principal for {@code user}, resolved by name (SAL has no resolve by key), then held to
     * the user key the caller checked: the account the key names must still carry the principal's name.
     * A rename between the caller's check by key and this bind (break-glass codes and account links are
     * bound to the key; docs/security.md, "User keys") is refused ({@code account_changed}) rather than
     * binding whoever holds the name now. The two lookups run back to back, so what is left is a rename
     * away and back between them.
     */
    private Principal resolve(DirectoryUser user) {
        Principal principal = resolve(user.username());
        if (user.key() == null) {
            return principal;
        }
        UserProfile profile = userManager.getUserProfile(new UserKey(user.key()));
        String current = profile == null ? null : profile.getUsername();
        if (current == null || !sameName(current, principal.getName())) {
            throw new LoginRefusedException("account_changed", "the account of user " + user.username()
                    + " was renamed or deleted while this login was checked"
                    + (current == null ? " (it is gone)" : " (it is now " + current + ")") + "; try again");
        }
        return principal;
    }

    /** Atlassian products match usernames without regard to case. */
    private static boolean sameName(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    private Principal resolve(String username) {
        Principal principal;
        try {
            principal = userManager.resolve(username);
        } catch (UserResolutionException e) {
            throw new UserDirectoryException(UserDirectoryException.ERROR, "could not resolve user " + username, e);
        }
        if (principal == null) {
            throw new LoginRefusedException("user_not_found", "the product has no user " + username);
        }
        return principal;
    }

    /** The old session is invalidated (fixation), as Atlassian's SessionDataService#requireNewSession does. */
    private static HttpSession newSession(HttpServletRequest request) {
        HttpSession old = request.getSession(false);
        if (old != null) {
            try {
                old.invalidate();
            } catch (IllegalStateException e) {
                // Already invalidated.
            }
        }
        return request.getSession(true);
    }

    @Override
    public void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        if (!usesSeraph()) {
            try {
                session.invalidate();
            } catch (IllegalStateException e) {
                // Already invalidated.
            }
            return;
        }
        session.removeAttribute(BOUND_USER_KEY);
        session.removeAttribute(SERAPH_USER_KEY);
        session.removeAttribute(SERAPH_USER_ID_KEY);
        session.setAttribute(SERAPH_LOGGED_OUT_KEY, Boolean.TRUE);
    }

    /**
     * Seraph products: the username Seraph's DefaultAuthenticator would read (user-id key first, then
     * the principal's name), any login, not only ours. Bitbucket: the user this plugin bound.
     */
    @Override
    public Optional<String> boundUsername(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        try {
            if (!usesSeraph()) {
                return nonEmpty(session.getAttribute(BOUND_USER_KEY));
            }
            if (session.getAttribute(SERAPH_LOGGED_OUT_KEY) != null) {
                return Optional.empty();
            }
            Optional<String> userId = nonEmpty(session.getAttribute(SERAPH_USER_ID_KEY));
            if (userId.isPresent()) {
                return userId;
            }
            Object principal = session.getAttribute(SERAPH_USER_KEY);
            return principal instanceof Principal p ? nonEmpty(p.getName()) : Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    /**
     * {@link #boundUsername}'s answer without the name: the same keys under the same rules, the principal
     * read before the user-id key because either one names someone. Two session reads when the session
     * holds a principal, as Seraph's login and Confluence's leave it (three for boundUsername when the
     * user-id key is missing); the logged-out key must still be read first, as Seraph does.
     */
    @Override
    public boolean loggedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return false;
        }
        try {
            if (!usesSeraph()) {
                return nonEmpty(session.getAttribute(BOUND_USER_KEY)).isPresent();
            }
            if (session.getAttribute(SERAPH_LOGGED_OUT_KEY) != null) {
                return false;
            }
            Object principal = session.getAttribute(SERAPH_USER_KEY);
            if (principal instanceof Principal p && nonEmpty(p.getName()).isPresent()) {
                return true;
            }
            return nonEmpty(session.getAttribute(SERAPH_USER_ID_KEY)).isPresent();
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static Optional<String> nonEmpty(Object value) {
        return value instanceof String text && !text.isEmpty() ? Optional.of(text) : Optional.empty();
    }

    private boolean usesSeraph() {
        return !ApplicationProperties.PLATFORM_BITBUCKET.equals(platformId)
                && !ApplicationProperties.PLATFORM_STASH.equals(platformId);
    }
}
