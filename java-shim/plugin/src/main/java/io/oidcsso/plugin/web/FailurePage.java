package io.oidcsso.plugin.web;

import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.RenderRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The page a user sees when a login fails: status, a sentence, the error code and a reference id
 * (also in the log), and a link to the product's local login. Everything is HTML-escaped; no stack
 * trace, no admin hint, no token.
 */
public final class FailurePage {
    static final String LOCAL_LOGIN_PARAMETER = "oidcsso_local";

    private static final Map<String, String> EXPLANATIONS = Map.of(
            ErrorCodes.ACCOUNT_EXISTS_NOT_LINKED,
            "An account with your username already exists here but is not linked to your identity provider."
                    + " Ask an administrator to link it, and give them the reference below.",
            ErrorCodes.USER_NOT_PROVISIONED, "You do not have an account here yet. Ask an administrator for access.",
            ErrorCodes.USER_INACTIVE, "Your account here is deactivated. Ask an administrator to reactivate it.",
            ErrorCodes.LOGIN_NOT_PERMITTED, "Your account may not use this application. Ask an administrator for access.",
            ErrorCodes.SSO_DISABLED, "Single sign-on is switched off. Use the local login below.",
            ErrorCodes.LOGIN_EXPIRED_OR_REPLAYED, "This sign-in link was already used or has expired. Please sign in again.",
            ErrorCodes.INVALID_REQUEST, "The sign-in request could not be read. Please start again from the login page.");

    static final String MISCONFIGURED_TITLE = "Single sign-on is misconfigured";
    private static final String MISCONFIGURED_EXPLANATION = "Single sign-on cannot be used until an administrator"
            + " fixes its configuration. Give the error code and reference below to your administrator, or use the"
            + " local login.";

    private final String localLoginPath;
    private final Supplier<String> siteName;
    private final Supplier<String> localParameter;

    /** {@code localLoginPath}: the product's context-relative login page, e.g. {@code /login.jsp}. */
    public FailurePage(String localLoginPath) {
        this(localLoginPath, () -> null);
    }

    /** {@code siteName}: the product's name for the pages' headings, asked for at each page. */
    public FailurePage(String localLoginPath, Supplier<String> siteName) {
        this(localLoginPath, siteName, () -> LOCAL_LOGIN_PARAMETER);
    }

    /** {@code localParameter}: the query parameter that opens the local login ({@code emergency.parameter}). */
    public FailurePage(String localLoginPath, Supplier<String> siteName, Supplier<String> localParameter) {
        this.localLoginPath = Objects.requireNonNull(localLoginPath, "localLoginPath");
        this.siteName = Objects.requireNonNull(siteName, "siteName");
        this.localParameter = Objects.requireNonNull(localParameter, "localParameter");
    }

    /** The product's login page this plugin sends users to, context-relative. */
    public String loginPath() {
        return localLoginPath;
    }

    private String localParameter() {
        try {
            return localParameter.get();
        } catch (RuntimeException e) {
            return LOCAL_LOGIN_PARAMETER;
        }
    }

    /** The site's name for headings, or null. */
    String siteName() {
        try {
            return siteName.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The error page from the admin's template ({@code engine}'s {@code loginUi}); the built-in page
     * below when there is no engine or it cannot render.
     */
    public void render(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String referenceId, io.oidcsso.plugin.engine.LoginEngine engine) throws IOException {
        if (engine != null) {
            try {
                LoginPages.write(engine, response, status,
                        RenderRequest.error(request.getContextPath(), localLoginPath, code, referenceId, siteName()));
                return;
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(FailurePage.class.getName()).warning(
                        "oidc-sso: error page not rendered by the engine (" + e.getMessage() + "); built-in page used");
            }
        }
        render(request, response, status, code, referenceId);
    }

    /**
     * A configuration problem the admin must fix (e.g. the IdP publishes another issuer): 503 "single
     * sign-on is misconfigured" with the code, the reference and the way to the local login. The admin
     * hint goes to the log only.
     */
    public void renderMisconfigured(HttpServletRequest request, HttpServletResponse response, String code,
            String referenceId) throws IOException {
        write(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, MISCONFIGURED_TITLE,
                MISCONFIGURED_EXPLANATION, code, referenceId);
    }

    public void render(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String referenceId) throws IOException {
        write(request, response, status, title(status), explanation(status, code), code, referenceId);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String explanation, String code, String referenceId) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        String localLogin = request.getContextPath() + localLoginPath + "?" + localParameter() + "=true";
        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + escape(title) + "</title></head><body style=\"font-family:sans-serif;max-width:40em;"
                + "margin:3em auto\"><h1>" + escape(title) + "</h1><p>" + escape(explanation)
                + "</p><p>Error code: <code>" + escape(code) + "</code><br>Reference: <code>" + escape(referenceId)
                + "</code></p><p><a href=\"" + escape(localLogin) + "\">Log in with a local account</a></p>"
                + "</body></html>");
        out.flush();
    }

    static String title(int status) {
        switch (status) {
            case HttpServletResponse.SC_BAD_REQUEST:
                return "Sign-in request incomplete";
            case HttpServletResponse.SC_FORBIDDEN:
                return "Sign-in not allowed";
            case HttpServletResponse.SC_SERVICE_UNAVAILABLE:
                return "Single sign-on unavailable";
            default:
                return "Sign-in failed";
        }
    }

    private static String explanation(int status, String code) {
        String known = EXPLANATIONS.get(code);
        if (known != null) {
            return known;
        }
        if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            return "The identity provider cannot be reached right now. Please try again later.";
        }
        return "Your sign-in could not be completed. Please try again; if it keeps failing, give the reference"
                + " below to your administrator.";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '&': out.append("&amp;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }
}
