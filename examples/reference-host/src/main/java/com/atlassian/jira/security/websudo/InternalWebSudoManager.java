package com.atlassian.jira.security.websudo;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * The reference host's stand-in for Jira's own websudo manager (not SAL's): same package, name and
 * {@code startSession(request, response)} as Jira's {@code jira-core} interface, which the plugin's
 * {@code ProductWebSudo} adapter finds by class through {@code ComponentAccessor.getComponent(Class)}. Only
 * the members the host and the adapter use are declared (docs/host-api.md, "Websudo"); Jira's also has
 * {@code matches}, {@code isWebSudoRequest}, {@code markWebSudoRequest} and {@code invalidateSession}.
 */
public interface InternalWebSudoManager {
    /** True when websudo is switched on (always, in the host). */
    boolean isEnabled();

    /** True when the session is in websudo ("secure administrator") mode now; {@code session} may be null. */
    boolean hasValidSession(HttpSession session);

    /** Opens websudo for {@code request}'s session, on a new session id as Jira does. */
    void startSession(HttpServletRequest request, HttpServletResponse response);
}
