package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.RenderRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.logging.Logger;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet} module at {@code /oidc-sso/logged-out} (served at
 * {@code /plugins/servlet/oidc-sso/logged-out}): the "signed out" page from the admin's {@code logout}
 * template, meant as an IdP's {@code postLogoutRedirectUri}. Needs no session and reads no parameter:
 * its only links are the product's login page and {@code /} under the context path (no open redirect).
 * A request with a query string (the IdP appends {@code state}) is sent to the page's own bare address
 * first, so the browser shows no stray parameter. Without an engine, or when rendering fails, the
 * built-in page below is shown.
 */
@UnrestrictedAccess
public final class OidcLoggedOutServlet extends LeasedServlet<OidcSso> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(OidcLoggedOutServlet.class.getName());
    /** Where the module serves this page, context-relative (atlassian-plugin.xml). */
    static final String PAGE_PATH = "/plugins/servlet/oidc-sso/logged-out";

    /** Created by the plugin's Spring context (autowired by constructor). */
    public OidcLoggedOutServlet(OidcSso sso) {
        super(sso);
    }

    @Override
    java.util.Set<String> allowedMethods() {
        return AllowedMethods.GET;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OidcSso sso = handler();
        String contextPath = request.getContextPath() == null ? "" : request.getContextPath();
        if (request.getQueryString() != null) {
            // RP-Initiated Logout 1.0 §3: the IdP appends the `state` it was given. The page reads no
            // parameter, so the bare address, a fixed path on this site, shows the same page.
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Location", contextPath + PAGE_PATH);
            return;
        }
        if (sso == null) {
            // Not (or no longer) in service: the product's login page is unknown, the home page is not.
            writeBuiltIn(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, contextPath, null);
            return;
        }
        String loginPath = sso.failurePage().loginPath();
        Optional<LoginEngine> engine = sso.runtime().activeEngine();
        if (engine.isPresent()) {
            try {
                LoginPages.write(engine.get(), response, HttpServletResponse.SC_OK,
                        RenderRequest.logout(contextPath, loginPath, sso.failurePage().siteName()));
                return;
            } catch (RuntimeException e) {
                LOG.warning("oidc-sso: logout page not rendered by the engine (" + e.getMessage()
                        + "); built-in page used");
            }
        }
        writeBuiltIn(response, HttpServletResponse.SC_OK, contextPath, contextPath + loginPath);
    }

    /** The built-in "signed out" page; {@code loginUrl} null leaves the login link out. */
    private static void writeBuiltIn(HttpServletResponse response, int status, String contextPath, String loginUrl)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", LoginPages.CSP);
        String login = loginUrl == null ? ""
                : "<p><a id=\"oidcsso-login\" href=\"" + FailurePage.escape(loginUrl) + "\">Log in again</a></p>";
        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signed out</title></head>"
                + "<body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\"><h1>Signed out</h1>"
                + "<p id=\"oidcsso-message\">You are signed out.</p>" + login
                + "<p><a id=\"oidcsso-home\" href=\"" + FailurePage.escape(contextPath + "/")
                + "\">Back to the home page</a></p></body></html>");
        out.flush();
    }
}
