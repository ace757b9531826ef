package io.oidcsso.plugin.web;

import io.oidcsso.plugin.admin.UnreadBody;
import io.oidcsso.plugin.emergency.EmergencySettings;
import io.oidcsso.plugin.emergency.EmergencySettingsSource;
import io.oidcsso.plugin.emergency.LocalLoginGate;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The login filter's first step while {@code routing.enforceSso} is true: every request that would
 * log someone in with a local password goes through {@link LocalLoginGate} before the product sees
 * it, so a refused user never gets a session. Those requests are a POST to the product's login page
 * or to a product's credential endpoint ({@link #CREDENTIAL_ENDPOINTS}), and any request carrying
 * Seraph's {@code os_password} or Bitbucket's {@code j_password} parameter (Seraph authenticates
 * those on any URL). Opening the login form with the emergency parameter is refused up front when
 * no login from that address could succeed. HTTP Basic is the product's (docs/security.md).
 */
final class LocalLoginGuard {
    /**
     * Where the products' own login forms post, besides their login page: Confluence
     * {@code /dologin.action}, Bamboo {@code /userlogin.action}, Bitbucket {@code /j_atl_security_check},
     * Jira's dashboard gadget login {@code /rest/gadget/1.0/login}.
     */
    static final Set<String> CREDENTIAL_ENDPOINTS = Set.of("/dologin.action", "/userlogin.action",
            "/j_atl_security_check", "/rest/gadget/1.0/login");

    private final Set<String> loginPaths;
    private final EmergencySettingsSource settings;
    private final LocalLoginGate gate;
    /** Whether the IdP with this id is down now (for the audit of {@link IdpDownPage}'s form). */
    private final Predicate<String> idpDown;

    LocalLoginGuard(Set<String> loginPaths, EmergencySettingsSource settings, LocalLoginGate gate) {
        this(loginPaths, settings, gate, idpId -> false);
    }

    LocalLoginGuard(Set<String> loginPaths, EmergencySettingsSource settings, LocalLoginGate gate,
            Predicate<String> idpDown) {
        this.loginPaths = Set.copyOf(loginPaths);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.idpDown = Objects.requireNonNull(idpDown, "idpDown");
    }

    /** True when it answered the request (a refusal); false when the request goes on. */
    boolean handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // First, so that no request's parameters are parsed while SSO is not enforced.
        EmergencySettings current = settings.current();
        if (!current.gated()) {
            return false;
        }
        String path = LoginRequestPolicy.pathOf(request);
        boolean post = "POST".equalsIgnoreCase(request.getMethod());
        boolean loginPost = post && (loginPaths.contains(path) || CREDENTIAL_ENDPOINTS.contains(path));
        boolean carriesPassword = present(request, "os_password") || present(request, "j_password");
        boolean formOpen = !post && loginPaths.contains(path);
        if (!loginPost && !carriesPassword && !formOpen) {
            return false;
        }
        String client = request.getRemoteAddr();
        if (!loginPost && !carriesPassword) {
            if (!"true".equalsIgnoreCase(one(request, current.parameter()))) {
                return false;
            }
            Optional<LocalLoginGate.Verdict> refused = gate.beforeForm(current, client, path);
            if (refused.isEmpty()) {
                return false;
            }
            refuse(request, response, refused.get());
            return true;
        }
        String username = firstOf(request, "os_username", "j_username", loginPost ? "username" : null);
        String password = firstOf(request, "os_password", "j_password", loginPost ? "password" : null);
        LocalLoginGate.Verdict verdict = gate.check(current, client, path, username, password,
                loginPost ? downIdp(request) : null);
        if (verdict.allowed()) {
            return false;
        }
        refuse(request, response, verdict);
        return true;
    }

    /**
     * The IdP named by {@link IdpDownPage}'s form when it is down now; null otherwise (no field, or a
     * field any client could send while the IdP answers). Only the audit reads it: the gate's decision
     * is the same with or without it.
     */
    private String downIdp(HttpServletRequest request) {
        String idpId = one(request, IdpDownPage.IDP_FIELD);
        if (idpId == null || idpId.isEmpty()) {
            return null;
        }
        try {
            return idpDown.test(idpId) ? idpId : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The first of the field names present with exactly one value; null when none (or one repeated). */
    private static String firstOf(HttpServletRequest request, String... names) {
        for (String name : names) {
            if (name != null && present(request, name)) {
                return one(request, name);
            }
        }
        return null;
    }

    private static boolean present(HttpServletRequest request, String name) {
        try {
            return request.getParameterValues(name) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The parameter's value when it has exactly one; a repeated field is ambiguous (which would the product use?). */
    private static String one(HttpServletRequest request, String name) {
        String[] values;
        try {
            values = request.getParameterValues(name);
        } catch (RuntimeException e) {
            return null;
        }
        return values != null && values.length == 1 ? values[0] : null;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, LocalLoginGate.Verdict verdict)
            throws IOException {
        // A form's body was read for its fields; any other (credentials in the query, a JSON body) was not.
        UnreadBody.settle(request, response);
        LocalLoginGate.Reason reason = verdict.reason();
        response.setStatus(reason.status());
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        if (reason == LocalLoginGate.Reason.RATE_LIMITED) {
            response.setHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
        }
        String title = reason == LocalLoginGate.Reason.WRONG_CREDENTIALS ? "Login failed" : "Local login not allowed";
        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\">"
                + "<h1 id=\"oidcsso-local-login-title\">" + title + "</h1>"
                + "<p id=\"oidcsso-local-login-refused\" data-reason=\"" + reason.code() + "\">"
                + FailurePage.escape(explanation(verdict)) + "</p>"
                + "<p><a id=\"oidcsso-sso-login\" href=\"" + FailurePage.escape(request.getContextPath() + "/")
                + "\">Log in with single sign-on</a></p></body></html>");
        out.flush();
    }

    static String explanation(LocalLoginGate.Verdict verdict) {
        switch (verdict.reason()) {
            case DISABLED:
                return "Single sign-on is enforced on this site and the local login is switched off.";
            case NETWORK_NOT_ALLOWED:
                return "Single sign-on is enforced on this site; the local login is not available from your"
                        + " network address.";
            case RATE_LIMITED:
                return "Too many login attempts from your address. Try again in " + verdict.retryAfterSeconds()
                        + " seconds.";
            case WRONG_CREDENTIALS:
                return "Sorry, your username and password are incorrect.";
            case ACCOUNT_INACTIVE:
                return "Your account is deactivated.";
            case NOT_IN_ALLOWED_GROUPS:
                return "Single sign-on is enforced on this site. The local login is only for the administrators"
                        + " allowed to use it in an emergency; please log in with single sign-on.";
            case DIRECTORY_UNAVAILABLE:
                return "The user directory cannot check passwords right now. Please try again later.";
            default:
                return "Single sign-on is enforced on this site: this login request carries no single username"
                        + " and password.";
        }
    }
}
