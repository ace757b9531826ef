package io.oidcsso.plugin.web;

import io.oidcsso.plugin.atlassian.ProductWebSudo;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LoginDecision;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.logout.OidcSession;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Websudo through the IdP (docs/security.md, "Websudo through the IdP"): a user whose session was bound by
 * an SSO login has no local password they know, so the product's websudo page sends them back to the IdP
 * that signed them in ({@code prompt=login}, {@code max_age=0}); at the callback the same user (same
 * {@code iss} and {@code sub}) gets the product's websudo started, nothing else: no provisioning, no
 * group change, no new session. A session from the local password form keeps the product's page.
 */
final class WebSudoViaIdp {
    private static final Logger LOG = Logger.getLogger(WebSudoViaIdp.class.getName());

    private final PluginRuntime runtime;
    private final ProductWebSudo product;
    private final FailurePage failurePage;
    private final AtomicBoolean unavailableLogged = new AtomicBoolean();

    WebSudoViaIdp(PluginRuntime runtime, ProductWebSudo product, FailurePage failurePage) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.product = Objects.requireNonNull(product, "product");
        this.failurePage = Objects.requireNonNull(failurePage, "failurePage");
    }

    /**
     * At the product's websudo page: true when it sent an SSO-bound session's user to the IdP instead (the
     * response is written); false leaves the page to the product.
     */
    boolean handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            LoginStarter starter) throws IOException, ServletException {
        // Products without a websudo page (Bitbucket, Bamboo) skip the path.
        if (product.pagePaths().isEmpty() || !"GET".equals(request.getMethod())
                || !product.pagePaths().contains(LoginRequestPolicy.pathOf(request))) {
            return false;
        }
        Optional<OidcSession> session = OidcSession.read(request.getSession(false));
        if (session.isEmpty() || !runtime.adapters().loginBinder().loggedIn(request)) {
            return false;
        }
        Optional<LoginEngine> engine = runtime.activeEngine();
        if (engine.isEmpty() || PluginRuntime.isKillSwitchOn() || !engine.get().info().websudoViaIdpForSsoSessions()) {
            return false;
        }
        Optional<String> unavailable = product.starter().unavailableReason();
        if (unavailable.isPresent()) {
            if (unavailableLogged.compareAndSet(false, true)) {
                LOG.warning("oidc-sso: websudo through the IdP is disabled on this node: " + unavailable.get()
                        + "; SSO users meet the product's websudo password form");
            }
            return false;
        }
        String destination = RequestParameters.single(request, product.destinationParameter());
        starter.beginReauthentication(request, response, chain, engine.get(), session.get().idpId(), destination);
        return true;
    }

    /**
     * The callback of a re-authentication: websudo for the session's own user only, then back to
     * {@code target}. Another user, or no SSO session any more, is refused and audited; nothing is bound.
     */
    void finish(HttpServletRequest request, HttpServletResponse response, LoginDecision decision, String target,
            String reference) throws IOException {
        Optional<OidcSession> session = OidcSession.read(request.getSession(false));
        Optional<String> user = runtime.adapters().loginBinder().boundUsername(request);
        boolean same = session.isPresent() && user.isPresent() && session.get().issuer().equals(decision.issuer())
                && session.get().subject().equals(decision.subject());
        if (!same) {
            runtime.audit().record("websudo.refused", AuditLog.fields("user", user.orElse(null), "idp",
                    decision.idpId(), "subject", decision.subject(), "sessionSubject",
                    session.map(OidcSession::subject).orElse(null), "code", ErrorCodes.REAUTHENTICATION_OTHER_USER,
                    "ref", reference));
            failurePage.render(request, response, HttpServletResponse.SC_FORBIDDEN,
                    ErrorCodes.REAUTHENTICATION_OTHER_USER, reference, runtime.activeEngine().orElse(null));
            return;
        }
        try {
            product.starter().start(request, response);
        } catch (IllegalStateException e) {
            runtime.audit().record("websudo.failed", AuditLog.fields("user", user.get(), "code",
                    ErrorCodes.WEBSUDO_UNAVAILABLE, "detail", e.getMessage(), "ref", reference));
            failurePage.render(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    ErrorCodes.WEBSUDO_UNAVAILABLE, reference, runtime.activeEngine().orElse(null));
            return;
        }
        runtime.audit().record("websudo.started", AuditLog.fields("user", user.get(), "idp", decision.idpId(),
                "subject", decision.subject(), "ref", reference));
        response.setHeader("Cache-Control", "no-store");
        response.sendRedirect(target);
    }
}
