package io.oidcsso.plugin.web;

import io.oidcsso.plugin.engine.BeginLoginResult;
import io.oidcsso.plugin.engine.EngineFailure;
import io.oidcsso.plugin.engine.EngineJson;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.host.HostInfo;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.io.IOException;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Starts a login: asks the engine for the authorization request, stores the pending login in
 * ClusterState under its state (any node can finish it), sets the browser-binding cookie and
 * redirects to the IdP. An unreachable IdP gets a 503 page with a way to the local login; any
 * other failure falls back to the product's own login page.
 */
final class LoginStarter {
    private static final Logger LOG = Logger.getLogger(LoginStarter.class.getName());

    private final PluginRuntime runtime;
    private final FailurePage failurePage;

    LoginStarter(PluginRuntime runtime, FailurePage failurePage) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.failurePage = Objects.requireNonNull(failurePage, "failurePage");
    }

    void start(HttpServletRequest request, HttpServletResponse response, FilterChain chain, LoginEngine engine)
            throws IOException, ServletException {
        BeginLoginResult begun;
        boolean stored;
        String binding = BrowserBinding.readOrCreate(request);
        HostInfo hostInfo = runtime.adapters().hostInfo();
        try {
            String returnTo = ReturnTo.sanitize(request.getParameter("os_destination"), hostInfo.baseUrl());
            begun = EngineJson.parseBeginLogin(engine.beginLogin(EngineJson.beginLoginRequest(null, returnTo, binding)));
            stored = storePending(begun);
        } catch (EngineFailure e) {
            fail(request, response, chain, e);
            return;
        } catch (RuntimeException e) {
            // Storage or host trouble must not lock anyone out: show the product's own login.
            LOG.log(Level.SEVERE, "oidc-sso: could not start login; showing the product's login page", e);
            chain.doFilter(request, response);
            return;
        }
        if (!stored) {
            String reference = ReferenceIds.next();
            runtime.audit().warning("login.rejected", AuditLog.fields("reason", "too_many_pending_logins", "ref",
                    reference));
            failurePage.render(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "too_many_pending_logins",
                    reference);
            return;
        }
        BrowserBinding.write(response, binding, request.getContextPath(), hostInfo.isSecure());
        response.setHeader("Cache-Control", "no-store");
        response.sendRedirect(begun.authorizationUrl());
    }

    private boolean storePending(BeginLoginResult begun) {
        return runtime.adapters().clusterState().put(PendingLogins.key(begun.state()), begun.pendingJson(),
                PendingLogins.ttl(begun.expiresAtEpochSeconds(), runtime.clock()));
    }

    private void fail(HttpServletRequest request, HttpServletResponse response, FilterChain chain, EngineFailure e)
            throws IOException, ServletException {
        String reference = ReferenceIds.next();
        LOG.log(Level.WARNING, "oidc-sso: could not start login [ref " + reference + "]: " + e.kind() + " " + e.code()
                + (e.adminHint() == null ? "" : " - " + e.adminHint()));
        if (e.kind() == EngineFailure.Kind.PROVIDER_UNAVAILABLE) {
            failurePage.render(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.code(), reference);
            return;
        }
        // A bug or configuration problem must not lock anyone out: show the product's own login.
        chain.doFilter(request, response);
    }
}
