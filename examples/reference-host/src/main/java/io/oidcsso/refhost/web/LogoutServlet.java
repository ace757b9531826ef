package io.oidcsso.refhost.web;

import io.oidcsso.refhost.security.SessionAuthenticator;
import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@code /logout}: ends the session (Seraph logout), then shows a logged-out page. */
public final class LogoutServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient SessionAuthenticator sessions;

    public LogoutServlet(SessionAuthenticator sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        sessions.logout(request);
        // The request still carries the user the security filter found: the header must not.
        request.removeAttribute(io.oidcsso.refhost.security.SecurityFilter.USER_ATTRIBUTE);
        Html.messagePage(request, response, 200, "Logged out", "<p id=\"logged-out\">You are now logged out.</p>"
                + "<div class=\"actions\">" + Html.button("login-again", sessions.product().loginPath(), "Log in again",
                        true) + Html.button("home-link", "/", "Home page", false) + "</div>");
    }
}
