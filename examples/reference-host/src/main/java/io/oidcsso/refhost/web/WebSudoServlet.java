package io.oidcsso.refhost.web;

import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.sal.RefWebSudoManager;
import io.oidcsso.refhost.security.AuthenticatedUser;
import io.oidcsso.refhost.security.Destinations;
import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The product's websudo page ({@code /secure/websudo}, Confluence mode's {@code /authenticate.action}):
 * re-enter the local password to get a secure administrator session.
 */
public final class WebSudoServlet extends HttpServlet {
    private final transient FileCrowdService directory;
    private final transient RefWebSudoManager webSudo;
    private final transient Destinations destinations;

    public WebSudoServlet(FileCrowdService directory, RefWebSudoManager webSudo, Destinations destinations) {
        this.directory = directory;
        this.webSudo = webSudo;
        this.destinations = destinations;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        form(request, response, 200, request.getParameter(webSudo.destinationParameter()), null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuthenticatedUser user = CurrentUser.of(request).orElseThrow(
                () -> new IllegalStateException("the security filter let an anonymous request reach /secure"));
        String destination = request.getParameter(webSudo.destinationParameter());
        if (directory.checkPassword(user.name(), request.getParameter("password")).isEmpty()) {
            form(request, response, 401, destination, "That password is not correct.");
            return;
        }
        webSudo.grant(request);
        response.sendRedirect(destinations.sameOrigin(destination).orElse("/secure/dashboard"));
    }

    private void form(HttpServletRequest request, HttpServletResponse response, int status, String destination,
            String error) throws IOException {
        String body = "<p>You have requested access to an administrative function. Confirm your password.</p>"
                + (error == null ? "" : "<p id=\"websudo-error\" role=\"alert\">" + Html.escape(error) + "</p>")
                + "<form id=\"websudo-form\" method=\"post\" action=\"" + webSudo.page() + "\">"
                + "<label for=\"password\">Password</label>"
                + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\""
                + " required autofocus>"
                + (destination == null ? "" : Html.hidden(webSudo.destinationParameter(), destination))
                + "<button id=\"websudo-submit\" type=\"submit\">Confirm</button></form>";
        Html.messagePage(request, response, status, "Administrator access", body);
    }
}
