package io.oidcsso.refhost.web;

import io.oidcsso.refhost.security.AuthenticatedUser;
import java.io.IOException;
import java.util.Optional;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@code GET /}: the public home page. */
public final class HomeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<AuthenticatedUser> user = CurrentUser.of(request);
        String who = user.map(u -> "<p id=\"current-user\">You are logged in as <strong>"
                        + Html.escape(u.user().getDisplayName()) + "</strong> (" + Html.escape(u.name()) + ").</p>"
                        + "<div class=\"actions\">" + Html.button("dashboard-link", "/secure/dashboard",
                                "Go to your dashboard", true)
                        + Html.button("logout-link", "/logout", "Log out", false) + "</div>")
                .orElse("<p id=\"current-user\">You are not logged in.</p><div class=\"actions\">"
                        + Html.button("login-link", "/login", "Log in", true)
                        + Html.button("dashboard-link", "/secure/dashboard", "Go to the dashboard", false) + "</div>"
                        + "<p class=\"muted\">The dashboard needs a login: with single sign-on you are sent to the"
                        + " identity provider and back.</p>");
        Html.page(request, response, 200, "Welcome", Html.card("welcome", "Welcome to " + Html.SITE_NAME,
                "<p>A stand-in for an Atlassian Data Center product (Jira, Confluence, Bitbucket, Bamboo), with"
                        + " its users, groups and login.</p>" + who));
    }
}
