package io.oidcsso.refhost.sal;

import com.atlassian.jira.security.websudo.InternalWebSudoManager;
import io.oidcsso.refhost.security.SessionAuthenticator;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * Jira mode's own websudo manager ({@code ComponentAccessor.getComponent(InternalWebSudoManager.class)}): the
 * same websudo window as SAL's {@link RefWebSudoManager}. {@link #startSession} is, with the local password
 * (login form, {@code WebSudoAuthenticate.jspa}), the only way to open it, and does what Jira's
 * {@code InternalWebSudoManagerImpl.startSession} does: the session gets a new id (Seraph's
 * {@code SessionInvalidator}: the attributes are copied, the old session is invalidated), then the websudo
 * time is set on the new session and the response says {@code X-Atlassian-WebSudo: Has-Authentication}. A
 * caller that keeps using the old session object after it, or a binding that lives in anything but session
 * attributes, breaks here as it would in Jira. Stricter than Jira: a request whose session has no
 * logged-in user is refused.
 */
public final class RefJiraWebSudoManager implements InternalWebSudoManager {
    /** Jira's response header naming the websudo state. */
    public static final String HEADER = "X-Atlassian-WebSudo";

    private final RefWebSudoManager webSudo;
    private final SessionAuthenticator sessions;

    public RefJiraWebSudoManager(RefWebSudoManager webSudo, SessionAuthenticator sessions) {
        this.webSudo = webSudo;
        this.sessions = sessions;
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public boolean hasValidSession(HttpSession session) {
        return webSudo.isValid(session);
    }

    @Override
    public void startSession(HttpServletRequest request, HttpServletResponse response) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        // The session's own user, not the request attribute: plugins call this before the security filter ran.
        if (request.getSession(false) == null || sessions.fromSession(request).isEmpty()) {
            throw new IllegalStateException("websudo needs a logged-in session");
        }
        renewSession(request);
        webSudo.grant(request);
        response.setHeader(HEADER, "Has-Authentication");
    }

    /** A new session holding the old one's attributes, the old one invalidated (session fixation, JRA-28170). */
    private static void renewSession(HttpServletRequest request) {
        HttpSession old = request.getSession(false);
        if (old == null || old.isNew()) {
            return;
        }
        Map<String, Object> attributes = new HashMap<>();
        for (String name : Collections.list(old.getAttributeNames())) {
            attributes.put(name, old.getAttribute(name));
        }
        old.invalidate();
        HttpSession renewed = request.getSession(true);
        attributes.forEach(renewed::setAttribute);
    }
}
