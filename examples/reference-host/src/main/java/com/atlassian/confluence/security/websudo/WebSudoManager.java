package com.atlassian.confluence.security.websudo;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * The reference host's stand-in for Confluence's own websudo manager (not SAL's): same package, name and
 * {@code startSession(request, response)} as Confluence 8.7.2, which the plugin's {@code ProductWebSudo}
 * adapter finds by name through {@code ContainerManager.getComponent("webSudoManager")}. Only the members
 * the host and the adapter use are declared (docs/host-api.md, "Websudo").
 */
public interface WebSudoManager {
    /** True when the session is in websudo ("secure administrator") mode now. */
    boolean hasValidSession(HttpSession session);

    /** Opens websudo for the logged-in user of {@code request}'s session. */
    void startSession(HttpServletRequest request, HttpServletResponse response);
}
