package io.oidcsso.refhost.web;

import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.security.AuthenticatedUser;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /secure/*}: pages that need a logged-in user (the security filter has already sent
 * anonymous browsers to the login page). {@code /secure/dashboard} shows who you are.
 */
public final class DashboardServlet extends HttpServlet {
    private final transient FileCrowdService directory;

    public DashboardServlet(FileCrowdService directory) {
        this.directory = directory;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/dashboard".equals(request.getPathInfo())) {
            Html.page(response, 404, "Not found", "<p>Nothing here: " + Html.escape(request.getRequestURI()) + "</p>");
            return;
        }
        AuthenticatedUser user = CurrentUser.of(request).orElseThrow(
                () -> new IllegalStateException("the security filter let an anonymous request reach /secure"));
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Username", user.name());
        facts.put("Display name", user.user().getDisplayName());
        facts.put("Email", user.user().getEmailAddress());
        facts.put("Groups", String.join(", ", directory.groupNames(user.name())));
        Html.page(response, 200, "Dashboard", "<p id=\"dashboard-user\">Hello, " + Html.escape(user.user().getDisplayName())
                + "</p>" + Html.facts(facts) + "<p><a href=\"/logout\">Log out</a></p>");
    }
}
