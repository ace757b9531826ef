package io.oidcsso.plugin.web;

import io.oidcsso.plugin.engine.EndSessionRequest;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.host.LoginBinder;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.logout.OidcSession;
import io.oidcsso.plugin.logout.Revocations;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * What the logout filter does for a session bound by an OIDC login: end it when the IdP revoked it
 * (back- or front-channel, on any node), and turn the product's logout into RP-initiated logout (end
 * the local session, then send the browser to the IdP's end-session endpoint).
 */
final class SessionLogout {
    /** What happened to the request; the filter continues the chain unless {@code REDIRECTED}. */
    enum Outcome {
        NOT_OIDC,
        ACTIVE,
        REVOKED,
        LOCAL_LOGOUT,
        REDIRECTED
    }

    private final PluginRuntime runtime;
    private final Revocations revocations;
    private final Set<String> logoutPaths;

    SessionLogout(PluginRuntime runtime, Revocations revocations) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.logoutPaths = Set.copyOf(runtime.adapters().hostInfo().logoutPaths());
    }

    Outcome apply(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        // One session read here and two in loggedIn: Jetty locks the session for each (docs/benchmarks.md).
        OidcSession.Lookup found = OidcSession.lookup(session);
        if (found.damaged()) {
            // An OIDC record that cannot be read is never trusted: the user logs in again.
            endLocally(request, session);
            runtime.audit().record("logout.session_ended", AuditLog.fields("reason", "damaged_session_record",
                    "detail", found.damage(), "node", runtime.adapters().hostInfo().nodeId()));
            return Outcome.REVOKED;
        }
        Optional<OidcSession> oidc = Optional.ofNullable(found.login());
        if (oidc.isEmpty()) {
            return Outcome.NOT_OIDC;
        }
        LoginBinder binder = runtime.adapters().loginBinder();
        if (!LoginRequestPolicy.loggedIn(request, binder)) {
            // The product ended the login itself (timeout, its own logout): forget the OIDC part.
            OidcSession.clear(session);
            return Outcome.NOT_OIDC;
        }
        if (revocations.isRevoked(oidc.get())) {
            endLocally(request, session);
            runtime.audit().record("logout.session_ended", AuditLog.fields("idp", oidc.get().idpId(),
                    "subject", oidc.get().subject(), "sid", oidc.get().sid(), "node",
                    runtime.adapters().hostInfo().nodeId()));
            return Outcome.REVOKED;
        }
        if (logoutPaths.contains(LoginRequestPolicy.pathOf(request))) {
            return rpInitiated(request, response, session, oidc.get());
        }
        return Outcome.ACTIVE;
    }

    /** RP-Initiated Logout 1.0: the local session ends first, whatever the IdP does. */
    private Outcome rpInitiated(HttpServletRequest request, HttpServletResponse response, HttpSession session,
            OidcSession oidc) throws IOException {
        Optional<String> url = endSessionUrl(oidc, OidcSession.idTokenHint(session));
        endLocally(request, session);
        try {
            session.invalidate();
        } catch (IllegalStateException e) {
            // Already invalidated: nothing left to end.
        }
        if (url.isEmpty()) {
            return Outcome.LOCAL_LOGOUT;
        }
        runtime.audit().record("logout.rp_initiated", AuditLog.fields("idp", oidc.idpId(), "subject", oidc.subject()));
        response.setHeader("Cache-Control", "no-store");
        response.sendRedirect(url.get());
        return Outcome.REDIRECTED;
    }

    private Optional<String> endSessionUrl(OidcSession oidc, String idTokenHint) {
        Optional<LoginEngine> engine = runtime.activeEngine();
        if (engine.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(engine.get().endSessionUrl(
                    new EndSessionRequest(oidc.idpId(), oidc.issuer(), idTokenHint)).url());
        } catch (OidcSsoException e) {
            // The IdP session outlives this one; the local logout still happens.
            runtime.audit().record("logout.rp_initiated.failed", AuditLog.fields("idp", oidc.idpId(), "code",
                    e.code(), "kind", CallbackHandler.kindOf(e), "detail", e.adminHint()));
            return Optional.empty();
        } catch (IllegalStateException e) {
            // The engine was closed under this request (the configuration was removed): as above.
            runtime.audit().record("logout.rp_initiated.failed", AuditLog.fields("idp", oidc.idpId(), "code",
                    ErrorCodes.INTERNAL_ERROR, "kind", "internal", "detail", "the engine was closed: " + e.getMessage()));
            return Optional.empty();
        }
    }

    private void endLocally(HttpServletRequest request, HttpSession session) {
        runtime.adapters().loginBinder().end(request);
        LoginRequestPolicy.forgetLoggedIn(request);
        OidcSession.clear(session);
    }
}
