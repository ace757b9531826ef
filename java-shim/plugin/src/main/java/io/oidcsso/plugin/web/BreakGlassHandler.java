package io.oidcsso.plugin.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.oidcsso.plugin.emergency.BreakGlassCodes;
import io.oidcsso.plugin.emergency.EmergencySettings;
import io.oidcsso.plugin.emergency.EmergencySettingsSource;
import io.oidcsso.plugin.emergency.LocalLoginGate;
import io.oidcsso.plugin.host.AdminGuard;
import io.oidcsso.plugin.host.LoginBinder;
import io.oidcsso.plugin.host.LoginRefusedException;
import io.oidcsso.plugin.host.UserDirectoryException;
import io.oidcsso.plugin.login.AuditLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Break-glass codes over HTTP (docs/admin-guide.md "Break-glass codes"): {@code POST .../codes}
 * generates a set for a named administrator (system administrator, websudo and XSRF token required;
 * a JSON answer that shows the codes once); {@code GET} shows the form, {@code POST} uses a code
 * (username and code, no password: it must work when the local directory cannot check passwords),
 * rate-limited with the local login's limits, then binds the session through the product
 * ({@link LoginBinder}: SAL resolves the user, {@code canLogin} decides). Every generation and every
 * use, allowed or refused, is audited with the reason.
 */
final class BreakGlassHandler {
    /** Where the form is served, context-relative (atlassian-plugin.xml). */
    static final String PATH = "/plugins/servlet/oidc-sso/break-glass";
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";

    private final BreakGlassCodes codes;
    private final EmergencySettingsSource settings;
    private final LocalLoginGate gate;
    private final AdminGuard admin;
    private final LoginBinder binder;
    private final AuditLog audit;

    BreakGlassHandler(BreakGlassCodes codes, EmergencySettingsSource settings, LocalLoginGate gate, AdminGuard admin,
            LoginBinder binder, AuditLog audit) {
        this.codes = Objects.requireNonNull(codes, "codes");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.binder = Objects.requireNonNull(binder, "binder");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    BreakGlassCodes codes() {
        return codes;
    }

    /** GET: the form. */
    void form(HttpServletRequest request, HttpServletResponse response) throws IOException {
        page(request, response, 200, null, null);
    }

    /** POST: use a code. */
    void use(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String client = request.getRemoteAddr();
        String username;
        String code;
        try {
            username = RequestParameters.single(request, "username", 255);
            code = RequestParameters.single(request, "code", 100);
        } catch (MalformedRequestException e) {
            username = null;
            code = null;
        }
        if (username == null || username.isBlank() || code == null || code.isBlank()) {
            refuse(request, response, 400, "no_credentials", username, client,
                    "Enter your username and one of your break-glass codes.");
            return;
        }
        EmergencySettings current = settings.current();
        Optional<LocalLoginGate.Verdict> limited = gate.rateLimit(current, client, username);
        if (limited.isPresent()) {
            response.setHeader("Retry-After", Long.toString(limited.get().retryAfterSeconds()));
            refuse(request, response, 429, "rate_limited", username, client, "Too many attempts from your address. Try"
                    + " again in " + limited.get().retryAfterSeconds() + " seconds.");
            return;
        }
        BreakGlassCodes.Redeemed redeemed = codes.redeem(username, code);
        if (redeemed.outcome() != BreakGlassCodes.Outcome.OK) {
            refused(request, response, redeemed.outcome(), username, client);
            return;
        }
        try {
            // The account the code belongs to, read by its key: under its name now, never whoever took an old one.
            binder.bind(request, response, redeemed.user());
        } catch (LoginRefusedException e) {
            redeemed.giveBack().run();
            if ("account_changed".equals(e.code())) {
                refuse(request, response, 409, "account_changed", redeemed.username(), client, "This account was"
                        + " renamed or removed while you signed in. The code was not used: try again with the"
                        + " account's current name.");
                return;
            }
            refuse(request, response, 403, "login_refused", redeemed.username(), client, "The product does not let "
                    + "this account log in (" + e.code() + "). The code was not used.");
            return;
        } catch (RuntimeException e) {
            // SAL could not resolve the user (the directory itself is down): the code is kept for a later try.
            redeemed.giveBack().run();
            refuse(request, response, 503, "user_unavailable", redeemed.username(), client, "The product cannot find "
                    + "this account right now, so no session can be started. The code was not used. If this"
                    + " persists, someone with access to the server must restart the node with"
                    + " -Doidcsso.disabled=true and use the product's own recovery.");
            return;
        }
        audit.record("break_glass.allowed", AuditLog.fields("user", redeemed.username(), "client", client));
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Location", contextPath(request) + "/");
    }

    /** A code that does not let anyone in: the status and the words for each reason. */
    private void refused(HttpServletRequest request, HttpServletResponse response, BreakGlassCodes.Outcome outcome,
            String username, String client) throws IOException {
        switch (outcome) {
            case STORE_UNAVAILABLE -> refuse(request, response, 503, outcome.code(), username, client,
                    "The break-glass codes cannot be read right now (the product database). Try again later.");
            case USER_UNAVAILABLE -> refuse(request, response, 503, outcome.code(), username, client,
                    "The product cannot read the account this code belongs to right now. The code was not used;"
                            + " try again later.");
            case CODE_PREDATES_ACCOUNT_KEYS -> refuse(request, response, 401, outcome.code(), username, client,
                    "This code was generated before break-glass codes were bound to accounts and is no longer"
                            + " accepted. An administrator must generate a new set of codes for you.");
            default -> refuse(request, response, 401, outcome.code(), username, client,
                    "This username and code do not match an unused break-glass code.");
        }
    }

    /** POST .../codes: generate a set (system administrator, websudo, XSRF). */
    void generate(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> by = admin.remoteUsername(request);
        if (refusedAsAdministrator(request, response, by)) {
            return;
        }
        String username;
        String count;
        String expires;
        try {
            username = RequestParameters.single(request, "username", 255);
            count = RequestParameters.single(request, "count", 10);
            expires = RequestParameters.single(request, "expires", 10);
        } catch (MalformedRequestException e) {
            json(response, 400, error("invalid_request", e.getMessage()));
            return;
        }
        Optional<String> problem = checkTarget(username);
        if (problem.isPresent()) {
            generationRefused(by.get(), username, "not_an_emergency_administrator");
            json(response, 400, error("not_an_emergency_administrator", problem.get()));
            return;
        }
        BreakGlassCodes.Generated generated;
        try {
            generated = codes.generate(username, count == null ? BreakGlassCodes.DEFAULT_COUNT : parseCount(count),
                    expires == null ? null : endOfDay(expires));
        } catch (IllegalArgumentException e) {
            json(response, 400, error("invalid_request", e.getMessage()));
            return;
        } catch (UserDirectoryException e) {
            generationRefused(by.get(), username, "user_unavailable");
            json(response, 503, error("user_unavailable", "the product could not read the account " + username
                    + " (codes are bound to its user key); try again later"));
            return;
        } catch (RuntimeException e) {
            generationRefused(by.get(), username, "store_unavailable");
            json(response, 503, error("store_unavailable", "the codes could not be stored: " + e.getMessage()));
            return;
        }
        audit.record("break_glass.generated", AuditLog.fields("user", generated.username(), "by", by.get(),
                "count", Integer.toString(generated.codes().size()), "expires", generated.expiresAt().toString(),
                "replaced", Integer.toString(generated.replaced())));
        JsonObject body = new JsonObject();
        body.addProperty("username", generated.username());
        JsonArray list = new JsonArray();
        generated.codes().forEach(list::add);
        body.add("codes", list);
        body.addProperty("expiresAt", generated.expiresAt().toString());
        body.addProperty("replaced", generated.replaced());
        json(response, 200, body);
    }

    /** True when it answered: no session, not a system administrator, no websudo or a bad XSRF token. */
    private boolean refusedAsAdministrator(HttpServletRequest request, HttpServletResponse response,
            Optional<String> by) throws IOException {
        if (by.isEmpty()) {
            json(response, 401, error("not_logged_in", "log in as a system administrator first"));
            return true;
        }
        String refused;
        int status;
        String message;
        if (!admin.isSystemAdmin(request)) {
            refused = "not_system_administrator";
            status = 403;
            message = "only a system administrator may generate codes";
        } else if (!admin.hasWebSudo(request)) {
            refused = "websudo_required";
            status = 401;
            message = "confirm your password (the product's secure administrator session), then send the request again";
        } else if (!admin.isValidXsrfToken(request)) {
            refused = "xsrf_token_invalid";
            status = 403;
            message = "send the product's XSRF token in the form parameter " + admin.xsrfParameterName();
        } else {
            return false;
        }
        generationRefused(by.get(), null, refused);
        json(response, status, error(refused, message));
        return true;
    }

    private Optional<String> checkTarget(String username) {
        if (username == null || username.isBlank()) {
            return Optional.of("name the administrator the codes are for (form parameter username)");
        }
        boolean allowed;
        try {
            allowed = gate.isEmergencyAdministrator(settings.current(), username);
        } catch (RuntimeException e) {
            return Optional.of("the product could not tell whether " + username + " is an administrator right now");
        }
        return allowed ? Optional.empty() : Optional.of(username + " is not one of the administrators the"
                + " emergency section allows (" + settings.current().whoMay() + ")");
    }

    private static int parseCount(String count) {
        try {
            return Integer.parseInt(count.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("count must be a number 1.." + BreakGlassCodes.MAX_COUNT, e);
        }
    }

    /** {@code YYYY-MM-DD}: the codes are valid through that day (UTC). */
    private static Instant endOfDay(String date) {
        try {
            return LocalDate.parse(date.strip()).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expires must be a date YYYY-MM-DD", e);
        }
    }

    private void generationRefused(String by, String username, String reason) {
        audit.record("break_glass.generation_refused", AuditLog.fields("user", username, "by", by, "reason", reason));
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String reason,
            String username, String client, String message) throws IOException {
        audit.record("break_glass.refused", AuditLog.fields("user", username, "client", client, "reason", reason));
        page(request, response, status, reason, message);
    }

    private static JsonObject error(String code, String message) {
        JsonObject body = new JsonObject();
        body.addProperty("error", code);
        body.addProperty("message", message);
        return body;
    }

    private static void json(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        PrintWriter out = response.getWriter();
        out.print(body.toString());
        out.flush();
    }

    private static void page(HttpServletRequest request, HttpServletResponse response, int status, String reason,
            String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", CSP);
        String refused = reason == null ? "" : "<p id=\"oidcsso-break-glass-refused\" role=\"alert\" data-reason=\""
                + FailurePage.escape(reason) + "\">" + FailurePage.escape(message) + "</p>";
        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Break-glass login</title>"
                + "</head><body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\">"
                + "<h1>Break-glass login</h1><p>For an administrator with a one-time recovery code, when single"
                + " sign-on and the local login both fail. Each code works once; every use is audited.</p>"
                + refused + "<form id=\"oidcsso-break-glass-form\" method=\"post\" action=\""
                + FailurePage.escape(contextPath(request) + PATH) + "\"><p><label for=\"username\">Username</label> "
                + "<input id=\"username\" name=\"username\" autocomplete=\"username\" required></p>"
                + "<p><label for=\"code\">Recovery code</label> <input id=\"code\" name=\"code\""
                + " autocomplete=\"one-time-code\" spellcheck=\"false\" required></p>"
                + "<p><button id=\"oidcsso-break-glass-submit\" type=\"submit\">Log in</button></p></form>"
                + "</body></html>");
        out.flush();
    }

    private static String contextPath(HttpServletRequest request) {
        return request.getContextPath() == null ? "" : request.getContextPath();
    }
}
