package io.oidcsso.refhost.web;

import io.oidcsso.refhost.crowd.DirectoryUser;
import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.sal.RefAuthenticationController;
import io.oidcsso.refhost.sal.RefWebSudoManager;
import io.oidcsso.refhost.security.AuthenticatedUser;
import io.oidcsso.refhost.security.Destinations;
import io.oidcsso.refhost.security.SessionAuthenticator;
import io.oidcsso.refhost.security.SignIn;
import java.io.IOException;
import java.util.Optional;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /login}: the product's own username/password form (the emergency way in when the IdP
 * is down). After a successful POST the browser goes to {@code os_destination} if it is on
 * this host, else to the dashboard.
 */
public final class LoginServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(LoginServlet.class);
    private static final String DEFAULT_DESTINATION = "/secure/dashboard";
    /** oidc-sso's emergency path: {@code /login?oidcsso_local=true} shows this form even with SSO on. */
    private static final String EMERGENCY_PARAMETER = "oidcsso_local";

    private final transient FileCrowdService directory;
    private final transient SessionAuthenticator sessions;
    private final transient RefWebSudoManager webSudo;
    private final transient Destinations destinations;
    private final transient RefAuthenticationController authenticationController;

    public LoginServlet(FileCrowdService directory, SessionAuthenticator sessions, RefWebSudoManager webSudo,
            Destinations destinations, RefAuthenticationController authenticationController) {
        this.authenticationController = authenticationController;
        this.directory = directory;
        this.sessions = sessions;
        this.webSudo = webSudo;
        this.destinations = destinations;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        form(request, response, 200, request.getParameter("os_destination"), null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String username = parameter(request, "os_username", "username");
        String password = parameter(request, "os_password", "password");
        String destination = request.getParameter("os_destination");
        Optional<DirectoryUser> checked = directory.checkPassword(username, password);
        Optional<AuthenticatedUser> user = checked.flatMap(u -> sessions.activeUser(u.getName()));
        if (user.isEmpty()) {
            LOG.info("local login refused for `{}`: {}", username, checked.isPresent() ? "inactive" : "wrong credentials");
            form(request, response, 401, destination, "Sorry, your username and password are incorrect, or your account is inactive.");
            return;
        }
        if (!authenticationController.canLogin(user.get().name())) {
            LOG.info("local login refused for `{}`: no product access", username);
            form(request, response, 403, destination, "You do not have permission to log in to this application.");
            return;
        }
        sessions.establish(request, user.get());
        SignIn.record(request.getSession(), emergency(request) ? SignIn.Way.EMERGENCY : SignIn.Way.FORM,
                System.currentTimeMillis());
        webSudo.grant(request);
        LOG.info("local login: `{}`", user.get().name());
        response.sendRedirect(destinations.sameOrigin(destination).orElse(DEFAULT_DESTINATION));
    }

    /** The form was opened through the plugin's emergency path (its action keeps the parameter). */
    private static boolean emergency(HttpServletRequest request) {
        return "true".equals(request.getParameter(EMERGENCY_PARAMETER));
    }

    /** Seraph's field names, or the plain ones. */
    private static String parameter(HttpServletRequest request, String seraphName, String plainName) {
        String value = request.getParameter(seraphName);
        return value != null ? value : request.getParameter(plainName);
    }

    private static void form(HttpServletRequest request, HttpServletResponse response, int status, String destination,
            String error) throws IOException {
        boolean emergency = emergency(request);
        String action = request.getServletPath() + (emergency ? "?" + EMERGENCY_PARAMETER + "=true" : "");
        String body = (emergency ? "<p class=\"note\" id=\"login-emergency\">Emergency login for local accounts:"
                        + " single sign-on is bypassed.</p>" : "")
                + (error == null ? "" : "<p id=\"login-error\" role=\"alert\">" + Html.escape(error) + "</p>")
                + "<form id=\"login-form\" method=\"post\" action=\"" + Html.escape(action) + "\">"
                + "<label for=\"os_username\">Username</label>"
                + "<input id=\"os_username\" name=\"os_username\" autocomplete=\"username\" required autofocus>"
                + "<label for=\"os_password\">Password</label>"
                + "<input id=\"os_password\" name=\"os_password\" type=\"password\" autocomplete=\"current-password\""
                + " required>"
                + (destination == null ? "" : Html.hidden("os_destination", destination))
                + "<button id=\"login-submit\" type=\"submit\">Log in</button></form>";
        Html.messagePage(request, response, status, "Log in to " + Html.SITE_NAME, body);
    }
}
