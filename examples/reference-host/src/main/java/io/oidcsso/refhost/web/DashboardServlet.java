package io.oidcsso.refhost.web;

import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.security.AuthenticatedUser;
import io.oidcsso.refhost.security.SignIn;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /secure/*}: pages that need a logged-in user (the security filter has already sent
 * anonymous browsers to the login page). {@code /secure/dashboard} shows who you are, your groups
 * and how you signed in.
 */
public final class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final transient FileCrowdService directory;

    public DashboardServlet(FileCrowdService directory) {
        this.directory = directory;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/dashboard".equals(request.getPathInfo())) {
            NotFoundServlet.notFound(request, response);
            return;
        }
        AuthenticatedUser user = CurrentUser.of(request).orElseThrow(
                () -> new IllegalStateException("the security filter let an anonymous request reach /secure"));
        Optional<SignIn> signIn = SignIn.of(request.getSession(false));
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Username", "<span id=\"dashboard-username\">" + Html.escape(user.name()) + "</span>");
        facts.put("Display name", "<span id=\"dashboard-display-name\">" + Html.escape(user.user().getDisplayName())
                + "</span>");
        facts.put("Email", "<span id=\"dashboard-email\">" + Html.escape(user.user().getEmailAddress()) + "</span>");
        facts.put("Groups", "<span id=\"dashboard-groups\">" + groups(directory.groupNames(user.name())) + "</span>");
        facts.put("Signed in with", "<span id=\"dashboard-sign-in\">" + signedInWith(signIn) + "</span>");
        signIn.ifPresent(s -> facts.put("Signed in at", "<span id=\"dashboard-signed-in-at\">"
                + Html.escape(TIME.format(Instant.ofEpochMilli(s.atMillis()))) + "</span>"));
        String hello = "<div class=\"hello\">" + Html.avatar(user, "large") + "<div><h1 id=\"dashboard-user\">Hello, "
                + Html.escape(user.user().getDisplayName()) + "</h1><span class=\"muted\">This is your dashboard on "
                + Html.SITE_NAME + ".</span></div></div>";
        String next = "<section class=\"card\"><h2>Try next</h2><div class=\"actions\">"
                + Html.button("whoami-link", "/rest/whoami", "Who am I (JSON)", false)
                + (directory.isUserMemberOfGroup(user.name(), io.oidcsso.refhost.sal.RefUserManager.ADMIN_GROUP)
                        ? Html.button("admin-link", AdminMenuServlet.PATH, "Administration", false) : "")
                + Html.button("dashboard-logout", "/logout", "Log out", true) + "</div></section>";
        Html.page(request, response, 200, "Dashboard", "<section class=\"card\" id=\"dashboard\">" + hello
                + Html.facts(facts) + "</section>" + next);
    }

    private static String groups(SortedSet<String> groups) {
        if (groups.isEmpty()) {
            return "<span class=\"muted\">none</span>";
        }
        StringBuilder out = new StringBuilder();
        groups.forEach(g -> out.append("<span class=\"lozenge\">").append(Html.escape(g)).append("</span>"));
        return out.toString();
    }

    /** In words: single sign-on at which IdP, the local form, or the emergency path. */
    static String signedInWith(Optional<SignIn> signIn) {
        if (signIn.isEmpty()) {
            return "<span class=\"muted\">not recorded (a session from before this host started)</span>";
        }
        SignIn s = signIn.get();
        return switch (s.way()) {
            case SAL -> s.idp() == null
                    ? "<span class=\"lozenge sso\">Plugin</span> a plugin logged you in (SAL AuthenticationListener)"
                    : "<span class=\"lozenge sso\">Single sign-on</span> identity provider <code>"
                            + Html.escape(s.idp()) + "</code>" + (s.issuer() == null ? ""
                                    : " (" + Html.escape(s.issuer()) + ")");
            case FORM -> "<span class=\"lozenge local\">Local account</span> this host's login form";
            case EMERGENCY -> "<span class=\"lozenge local\">Local account</span> the emergency login"
                    + " (<code>/login?oidcsso_local=true</code>)";
        };
    }
}
