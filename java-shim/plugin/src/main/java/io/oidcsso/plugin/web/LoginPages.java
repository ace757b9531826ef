package io.oidcsso.plugin.web;

import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.RenderRequest;
import io.oidcsso.plugin.engine.Rendered;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.logging.Logger;
import javax.servlet.http.HttpServletResponse;

/**
 * Writes the login pages the core renders from the admin's templates (docs/login-pages.md). Every
 * decision is the core's; a warning from it (the admin's template failed, the built-in page was shown)
 * goes to the log for the admin.
 */
final class LoginPages {
    private static final Logger LOG = Logger.getLogger(LoginPages.class.getName());
    /** The content security policy of every page: no script at all, inline styles only. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: 'self'";

    private LoginPages() {}

    /** Renders {@code render} through the engine and writes it with {@code status}. */
    static void write(LoginEngine engine, HttpServletResponse response, int status, RenderRequest render)
            throws IOException {
        Rendered page = engine.render(render);
        if (page.warning() != null) {
            LOG.warning("oidc-sso: login page template problem: " + page.warning());
        }
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", CSP);
        PrintWriter out = response.getWriter();
        out.print(page.html());
        out.flush();
    }
}
