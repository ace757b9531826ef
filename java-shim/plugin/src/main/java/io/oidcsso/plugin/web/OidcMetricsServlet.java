package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import io.oidcsso.plugin.admin.UnreadBody;
import io.oidcsso.plugin.engine.EngineInfo;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.host.AdminGuard;
import io.oidcsso.plugin.login.BearerAccounts;
import io.oidcsso.plugin.metrics.AccountCacheCounts;
import io.oidcsso.plugin.metrics.ScrapeAccess;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet} module at {@code /oidc-sso/metrics} (served at
 * {@code /plugins/servlet/oidc-sso/metrics}): this node's counters in the OpenMetrics text format,
 * GET only. For a system administrator, or a scraper sending the configured bearer token
 * ({@link ScrapeAccess}); anonymous is 401 (with a {@code WWW-Authenticate} challenge), a signed-in
 * user who is not a system administrator 403. The access check is the servlet's own (the products'
 * servlet filters let anonymous requests reach plugin servlets marked {@code UnrestrictedAccess}).
 */
@UnrestrictedAccess
public final class OidcMetricsServlet extends LeasedServlet<OidcSso> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(OidcMetricsServlet.class.getName());

    /** Created by the plugin's Spring context (autowired by constructor). */
    public OidcMetricsServlet(OidcSso sso) {
        super(sso);
    }

    @Override
    Set<String> allowedMethods() {
        return AllowedMethods.GET;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OidcSso sso = handler();
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (sso == null) {
            MethodCheckingServlet.notInService(request, response);
            return;
        }
        int refused = refusal(request, sso.runtime().adapters().adminGuard());
        if (refused != 0) {
            if (refused == HttpServletResponse.SC_UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "OidcSsoMetrics realm=\"oidc-sso metrics\"");
            }
            UnreadBody.settle(request, response);
            response.sendError(refused);
            return;
        }
        BearerAccounts accounts = sso.runtime().bearerAccounts();
        String body = sso.metrics().render(engineInfo(sso.runtime()),
                new AccountCacheCounts(accounts.hits(), accounts.misses(), accounts.evictions()));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/openmetrics-text; version=1.0.0; charset=utf-8");
        PrintWriter out = response.getWriter();
        out.print(body);
        out.flush();
    }

    /** 0 when the request may read the metrics, else the status to answer. */
    static int refusal(HttpServletRequest request, AdminGuard guard) {
        if (ScrapeAccess.allows(request.getHeader("Authorization"))) {
            return 0;
        }
        // Otherwise whoever the product authenticated: its session, HTTP Basic, or its own personal
        // access token (a Bearer header in Jira, Confluence and Bitbucket).
        if (guard.isSystemAdmin(request)) {
            return 0;
        }
        return guard.remoteUsername(request).isEmpty() ? HttpServletResponse.SC_UNAUTHORIZED
                : HttpServletResponse.SC_FORBIDDEN;
    }

    private static EngineInfo engineInfo(PluginRuntime runtime) {
        if (PluginRuntime.isKillSwitchOn()) {
            return null;
        }
        Optional<LoginEngine> engine = runtime.activeEngine();
        try {
            return engine.map(LoginEngine::info).orElse(null);
        } catch (RuntimeException e) {
            // The counters are still worth answering without the per-IdP gauges.
            LOG.log(Level.FINE, "oidc-sso: engine info unavailable for metrics", e);
            return null;
        }
    }
}
