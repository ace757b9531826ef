package io.oidcsso.refhost.web;

import io.oidcsso.refhost.security.AuthenticatedUser;
import java.io.IOException;
import java.util.Optional;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@code GET /}: the public home page. */
public final class HomeServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<AuthenticatedUser> user = CurrentUser.of(request);
        String who = user.map(u -> "<p id=\"current-user\">Logged in as <strong>" + Html.escape(u.user().getDisplayName())
                        + "</strong> (" + Html.escape(u.name()) + "). <a href=\"/logout\">Log out</a></p>")
                .orElse("<p id=\"current-user\">You are not logged in. <a href=\"/login\">Log in</a></p>");
        Html.page(response, 200, "Welcome", who
                + "<p><a id=\"dashboard-link\" href=\"/secure/dashboard\">Go to the dashboard</a> (needs login)</p>");
    }
}
