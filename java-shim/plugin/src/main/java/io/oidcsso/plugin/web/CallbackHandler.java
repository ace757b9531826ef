package io.oidcsso.plugin.web;

import io.oidcsso.plugin.engine.CompleteLoginRequest;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LoginDecision;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.OpaqueJson;
import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.UserDirectoryException;
import io.oidcsso.plugin.host.LoginRefusedException;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.login.PendingLinks;
import io.oidcsso.plugin.login.Provisioner;
import io.oidcsso.plugin.logout.OidcSession;
import io.oidcsso.plugin.logout.Revocations;
import io.oidcsso.plugin.metrics.LoginMetrics;
import io.oidcsso.plugin.nativebridge.OidcAuthenticationException;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import io.oidcsso.plugin.runtime.HostAdapters;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Finishes a login, coordinating only (the core validates everything): open the pending login's
 * cookie, let the engine decide, settle the redirect, mark the login used once cluster-wide, apply the
 * decision through the host adapters, bind the session, redirect. Any failure is an error page with a
 * code and a reference id; no session is bound then. Malformed input is a 400 page and one INFO line.
 */
final class CallbackHandler {
    static final String[] CALLBACK_PARAMETERS = {"state", "code", "iss", "error", "error_description"};
    private static final Logger LOG = Logger.getLogger(CallbackHandler.class.getName());
    /** Set on a callback whose pending login is an administrator's test login: its {@code state}. */
    private static final String TEST_LOGIN_STATE = CallbackHandler.class.getName() + ".testLoginState";

    private final PluginRuntime runtime;
    private final Revocations revocations;
    private final FailurePage failurePage;
    private final Provisioner provisioner;
    private final PendingCookies pendingCookies;
    private final LoginMetrics metrics;
    private final PendingLinks pendingLinks;
    private final WebSudoViaIdp webSudo;
    private final TestLogins testLogins;

    CallbackHandler(PluginRuntime runtime, FailurePage failurePage, Revocations revocations, LoginMetrics metrics,
            WebSudoViaIdp webSudo, TestLogins testLogins) {
        this.webSudo = Objects.requireNonNull(webSudo, "webSudo");
        this.testLogins = Objects.requireNonNull(testLogins, "testLogins");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.failurePage = Objects.requireNonNull(failurePage, "failurePage");
        this.provisioner = new Provisioner(runtime.adapters().userDirectory(), runtime.audit());
        this.pendingCookies = new PendingCookies(new SealingKeys(runtime.adapters().clusterState(), runtime.clock()),
                runtime.clock());
        this.pendingLinks = new PendingLinks(runtime.adapters().clusterState(),
                runtime.adapters().userDirectory(), runtime.clock());
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String reference = ReferenceIds.next();
        try {
            complete(request, response, reference);
        } catch (MalformedRequestException e) {
            RequestParameters.refuse(request, response, failurePage, e);
        } catch (OidcSsoException e) {
            if (isTestLogin(request)) {
                testFailed(request, response, statusOf(e), e.code(), reference, e.adminHint());
                return;
            }
            if (e.kind() == OidcSsoException.Kind.CONFIG) {
                audit(HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.code(), reference, kindOf(e), e.adminHint());
                failurePage.renderMisconfigured(request, response, e.code(), reference);
                return;
            }
            fail(request, response, statusOf(e), e.code(), reference, kindOf(e), e.adminHint());
        } catch (LoginRefusedException e) {
            fail(request, response, HttpServletResponse.SC_FORBIDDEN, e.code(), reference, "refused", e.getMessage());
        } catch (UserDirectoryException e) {
            fail(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.code(), reference, "directory",
                    e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "oidc-sso: callback failed [ref " + reference + "]", e);
            fail(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, ErrorCodes.INTERNAL_ERROR,
                    reference, "internal", e.getClass().getName());
        }
    }

    private static boolean isTestLogin(HttpServletRequest request) {
        return request.getAttribute(TEST_LOGIN_STATE) != null;
    }

    /** A failed test login: its code and hint for the admin who started it; no login.failed line or count. */
    private void testFailed(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String reference, String hint) throws IOException {
        testLogins.failed(response, (String) request.getAttribute(TEST_LOGIN_STATE), status, code, hint, reference);
    }

    private void complete(HttpServletRequest request, HttpServletResponse response, String reference)
            throws IOException {
        HostAdapters host = runtime.adapters();
        Optional<LoginEngine> engine = runtime.activeEngine();
        if (engine.isEmpty()) {
            fail(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, ErrorCodes.SSO_DISABLED, reference,
                    "disabled", "callback while SSO is off: " + runtime.engineSlot().status());
            return;
        }
        Map<String, String> params = callbackParameters(request);
        String state = params.get("state");
        Optional<PendingCookies.Opened> opened = PendingLogins.isPlausibleState(state)
                ? pendingCookies.open(request, state)
                : Optional.empty();
        // The cookie is single-use whatever happens next; a login that failed starts again.
        opened.ifPresent(o -> response.addHeader("Set-Cookie", PendingCookies.deletion(o.slot(),
                PendingCookies.path(request.getContextPath(), PluginRuntime.CALLBACK_PATH), host.hostInfo().isSecure())));
        // A callback that already logged someone in (replay, reload, a leaked URL): its cookie opens,
        // but the marker says it was used. Checked again atomically below; this read saves the IdP a call.
        // Only a callback whose sealed cookie opened can be a test login's (its record is keyed by state).
        // Read for every such callback, not only when the core's decision carries the test mark: a failure
        // needs it before any decision exists, and a record without the mark (a start that lost it) must end
        // in a report, never in signing the admin's browser in as the tested user. One read per login.
        if (opened.isPresent() && testLogins.started(state).isPresent()) {
            request.setAttribute(TEST_LOGIN_STATE, state);
        }
        Optional<OpaqueJson> pending = opened.filter(o -> host.clusterState().get(PendingLogins.usedKey(state)).isEmpty())
                .map(o -> new OpaqueJson(o.pendingJson()));
        if (pending.isEmpty() && host.loginBinder().boundUsername(request).isPresent()) {
            // A replayed or reloaded callback of someone already logged in: nothing to do.
            response.sendRedirect(request.getContextPath() + "/");
            return;
        }
        LoginDecision decision = timedComplete(engine.get(), new CompleteLoginRequest(pending.orElse(null),
                BrowserBinding.read(request).orElse(null), params, LoginRequestPolicy.pathOf(request)));
        runtime.debugLog().decided(params, decision);
        boolean testLogin = decision.testLogin() != null || isTestLogin(request);
        if (!testLogin) {
            // A test login signs nobody in: its own admin.test_login line says what it found.
            decision.audit().forEach(event -> runtime.audit().record(event.event(), AuditLog.fields("idp",
                    event.idp(), "subject", event.subject(), "detail", event.detail(), "ref", reference)));
        }
        // Where the browser goes is settled before anything is bound, so nothing can fail after binding.
        String returnTo = ReturnTo.sanitize(decision.returnTo(), host.hostInfo().baseUrl());
        String target = request.getContextPath() + (returnTo == null ? "/" : returnTo);
        markUsed(state, opened.orElseThrow(() -> new IllegalStateException("the core accepted a login without one")));
        if (testLogin) {
            // The admin's test: what the login would do, for the admin page; no session, user or group change.
            testLogins.finish(response, engine.get(), provisioner, decision, state, reference);
            return;
        }
        if (decision.reauthentication()) {
            // Websudo for the session's own user; never a provisioning, a group change or a new session.
            webSudo.finish(request, response, decision, target, reference);
            return;
        }
        DirectoryUser user = provision(engine.get(), decision, reference);
        runtime.debugLog().provisioned(decision.idpId(), user.username());
        host.loginBinder().bind(request, response, user);
        // For logout: iss/sub/sid, when, and the ID token hint, in the (rotated) session only.
        OidcSession oidc = OidcSession.of(decision, runtime.clock().millis());
        oidc.store(request.getSession(true), decision.idTokenHint());
        if (!revocations.recordLogin(oidc)) {
            // The login stands; only a front-channel logout for its sid will not be honoured.
            LOG.warning("oidc-sso: the live-session index is full; this login's sid was not recorded");
        }
        runtime.audit().record("login.bound", AuditLog.fields("user", user.username(), "idp", decision.idpId(),
                "subject", decision.subject(), "node", host.hostInfo().nodeId(), "ref", reference));
        metrics.loginSucceeded(decision.idpId());
        response.setHeader("Cache-Control", "no-store");
        response.sendRedirect(target);
    }

    /** The account to bind; a refusal for an unlinked account is kept for the admin's Accounts page. */
    private DirectoryUser provision(LoginEngine engine, LoginDecision decision, String reference) {
        try {
            return provisioner.provision(engine, decision, reference);
        } catch (LoginRefusedException e) {
            if (ErrorCodes.ACCOUNT_EXISTS_NOT_LINKED.equals(e.code())) {
                pendingLinks.record(decision, reference);
            }
            throw e;
        }
    }

    /** The native call, timed; a failure names no IdP (the core raised before naming one to the shim). */
    private LoginDecision timedComplete(LoginEngine engine, CompleteLoginRequest request) {
        long start = System.nanoTime();
        String idp = null;
        try {
            LoginDecision decision = engine.completeLogin(request);
            idp = decision.idpId();
            return decision;
        } finally {
            metrics.engineCall(LoginMetrics.Call.COMPLETE_LOGIN, idp, idp != null, System.nanoTime() - start);
        }
    }

    /**
     * The single-use marker: across the cluster exactly one callback of a login gets past it. Written
     * only now, once the core accepted the login (the IdP answered the code), so an anonymous client
     * can never write one. A store that is full does not lock anyone out: the login goes on, and a
     * replay is still refused by the IdP, which accepts an authorization code once.
     */
    private void markUsed(String state, PendingCookies.Opened opened) {
        ClusterState.PutResult marked = runtime.adapters().clusterState().putIfAbsent(PendingLogins.usedKey(state),
                "1", PendingLogins.usedTtl(opened.expiresAtEpochSeconds(), runtime.clock()));
        if (marked == ClusterState.PutResult.EXISTS) {
            String hint = "this callback was used already, possibly at the same time on another node (replay)";
            throw new OidcAuthenticationException(hint, ErrorCodes.LOGIN_EXPIRED_OR_REPLAYED, hint);
        }
        if (marked == ClusterState.PutResult.FULL) {
            LOG.warning("oidc-sso: the shared store is full; this login's single-use marker was not recorded");
        }
    }

    /** The OAuth parameters the core needs; a repeated, oversized or unparseable one is malformed. */
    private static Map<String, String> callbackParameters(HttpServletRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : CALLBACK_PARAMETERS) {
            String value = RequestParameters.single(request, name);
            if (value != null) {
                params.put(name, value);
            }
        }
        return params;
    }

    static int statusOf(OidcSsoException failure) {
        switch (failure.kind()) {
            case AUTHENTICATION:
                return failure.code().equals(ErrorCodes.INVALID_REQUEST) ? HttpServletResponse.SC_BAD_REQUEST
                        : HttpServletResponse.SC_UNAUTHORIZED;
            default:
                return HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        }
    }

    private void fail(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String reference, String kind, String detail) throws IOException {
        if (isTestLogin(request)) {
            testFailed(request, response, status, code, reference, detail);
            return;
        }
        audit(status, code, reference, kind, detail);
        failurePage.render(request, response, status, code, reference, runtime.activeEngine().orElse(null));
    }

    /** One {@code login.failed} line: the code the user sees, what kind of failure, the admin's detail. */
    private void audit(int status, String code, String reference, String kind, String detail) {
        runtime.audit().record("login.failed", AuditLog.fields("code", code, "status", Integer.toString(status),
                "kind", kind, "detail", detail, "ref", reference));
        metrics.loginFailed(LoginMetrics.Result.FAILURE, code);
    }

    /** {@code authentication}, {@code config}, {@code provider_unavailable} or {@code internal}. */
    static String kindOf(OidcSsoException failure) {
        return failure.kind().name().toLowerCase(java.util.Locale.ROOT);
    }
}
