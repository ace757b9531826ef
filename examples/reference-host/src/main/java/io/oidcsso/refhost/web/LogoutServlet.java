package io.oidcsso.refhost.web;

import io.oidcsso.refhost.security.SessionAuthenticator;
import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@code /logout}: ends the session (Seraph logout), then shows a logged-out page. */
public final class LogoutServlet extends HttpServlet {
    private final transient SessionAuthenticator sessions;

    public LogoutServlet(SessionAuthenticator sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        sessions.logout(request);
        Html.page(response, 200, "Logged out", "<p id=\"logged-out\">You are now logged out.</p>"
                + "<p><a href=\"" + Html.escape(sessions.product().loginPath()) + "\">Log in again</a></p>");
    }
}
