package io.oidcsso.refhost.sal;

import com.atlassian.confluence.security.websudo.WebSudoManager;
import io.oidcsso.refhost.security.SessionAuthenticator;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * Confluence mode's own websudo manager ({@code ContainerManager} bean {@code webSudoManager}): the same
 * websudo window as SAL's {@link RefWebSudoManager}; {@link #startSession} is the only way besides the
 * local password (login form, {@code /authenticate.action}) to open it, and it refuses a request with no
 * logged-in user, so an SSO-bound session gets websudo only through it.
 */
public final class RefConfluenceWebSudoManager implements WebSudoManager {
    private final RefWebSudoManager webSudo;
    private final SessionAuthenticator sessions;

    public RefConfluenceWebSudoManager(RefWebSudoManager webSudo, SessionAuthenticator sessions) {
        this.webSudo = webSudo;
        this.sessions = sessions;
    }

    @Override
    public boolean hasValidSession(HttpSession session) {
        return webSudo.isValid(session);
    }

    @Override
    public void startSession(HttpServletRequest request, HttpServletResponse response) {
        // The session's own user, not the request attribute: plugins call this before the security filter ran.
        if (request.getSession(false) == null || sessions.fromSession(request).isEmpty()) {
            throw new IllegalStateException("websudo needs a logged-in session");
        }
        webSudo.grant(request);
    }
}
